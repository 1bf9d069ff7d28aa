import io
import warnings
from pathlib import Path

import fitdecode
import numpy as np
import pytest

from kneecap.adapters.activities.errors import ActivityFileError
from kneecap.adapters.activities.fit.decoder import decode
from kneecap.adapters.activities.read import read_bytes

SESSION = 18


def _fitdecode(data: bytes) -> tuple[int, list[float]]:
    n, dist = 0, []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with fitdecode.FitReader(io.BytesIO(data)) as fr:
            for frame in fr:
                if isinstance(frame, fitdecode.FitDataMessage):
                    n += 1
                    if frame.name == "session":
                        v = frame.get_value("total_distance", fallback=None)
                        dist.append(np.nan if v is None else float(v))
    return n, dist


@pytest.mark.slow
def test_every_file_fitdecode_reads_is_read_identically(data_dir: Path) -> None:
    for f in sorted(data_dir.glob("*.fit")):
        if f.stat().st_size > 1_000_000:
            continue  # the 2 biggest files are checked by bench/import_throughput.py
        data = f.read_bytes()
        try:
            n, dist = _fitdecode(data)
        except fitdecode.FitError:
            continue
        fit = decode(data)
        assert fit.data_messages == n, f.name
        s = fit.messages.get(SESSION)
        mine = [] if s is None else list(s.fields.get(9, np.full(len(s), np.nan)) / 100)
        assert np.allclose(mine, dist, equal_nan=True), f.name


def test_every_file_imports_or_has_a_clear_reason(data_dir: Path) -> None:
    for f in sorted(data_dir.iterdir()):
        if f.name == "MANIFEST.tsv" or f.stat().st_size > 1_000_000:
            continue
        res = read_bytes(f.read_bytes(), f.name)
        assert res.activities or res.errors, f.name
        for e in res.errors:
            assert e.file == f.name and len(e.reason) > 20
        for a in res.activities:
            assert a.duration_s >= 0 and a.start.year >= 1989


def test_totals_match_session_summary(data_dir: Path) -> None:
    res = read_bytes((data_dir / "run_fenix2_small.fit").read_bytes(), "x.fit")
    (a,) = res.activities
    assert a.distance_m == pytest.approx(9008.22)
    assert a.duration_s == pytest.approx(2832.0)
    assert a.avg_cadence_spm == pytest.approx(162.0)  # 81 strides/min × 2


def test_multisport_gives_one_activity_per_session(data_dir: Path) -> None:
    res = read_bytes((data_dir / "triathlon_fr920xt_multiple_headers.fit").read_bytes(), "t")
    assert [a.sport.value for a in res.activities] == [
        "swim", "transition", "ride", "transition", "run"]  # fmt: skip


def test_compressed_timestamps_resolved(data_dir: Path) -> None:
    fit = decode((data_dir / "run_fr70_compressed_speed_distance.fit").read_bytes())
    ts = fit.messages[20].fields[253]
    assert not np.isnan(ts).any() and (np.diff(ts) >= 0).all()


def test_stryd_developer_power(data_dir: Path) -> None:
    res = read_bytes((data_dir / "run_stryd_devfields.fit").read_bytes(), "s.fit")
    assert res.activities[0].avg_power_w is not None


@pytest.mark.parametrize(
    ("name", "acts", "warning"),
    [
        ("corrupt_bad_file_crc.fit", 1, "checksum"),
        ("corrupt_chained_bad_crc.fit", 1, "checksum"),  # 2 copies of one activity: deduped
        ("corrupt_chained_bad_header.fit", 1, "signature"),
        ("corrupt_chained_no_data.fit", 1, "truncated"),
        ("corrupt_unexpected_eof.fit", 1, "truncated"),
        ("corrupt_sigma_truncated.fit", 1, "truncated"),
        ("corrupt_elemnt_bolt_devdata.fit", 1, None),
        ("odd_wahoo_unterminated_strings.fit", 1, None),
        ("run_strava_android_app.fit", 1, "never defined"),
    ],
)
def test_damaged_files_salvage_what_is_before_the_damage(
    data_dir: Path, name: str, acts: int, warning: str | None
) -> None:
    res = read_bytes((data_dir / name).read_bytes(), name)
    assert len(res.activities) == acts and not res.errors
    if warning:
        assert any(warning in w.reason for w in res.warnings)


def test_truncated_header_only_is_a_clear_error(data_dir: Path) -> None:
    data = (data_dir / "corrupt_unexpected_eof.fit").read_bytes()[:20]
    with pytest.raises(ActivityFileError):
        decode(data)
