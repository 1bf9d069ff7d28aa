import json
from pathlib import Path

from typer.testing import CliRunner

from kneecap.cli.load import app


def test_analyze_json(data_dir: Path) -> None:
    files = [
        str(data_dir / n)
        for n in (
            "run_fenix2_small.fit",
            "gpx_korita_zbevnica.gpx",
            "gpx_garmin_trackpoint_extension.gpx",
        )
    ]
    r = CliRunner().invoke(app, ["analyze", *files, "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    a = out["activities"][0]
    assert {
        "file",
        "sport",
        "start",
        "duration_s",
        "distance_m",
        "avg_hr",
        "avg_cadence_spm",
    } <= a.keys()
    assert out["errors"][0]["file"] == "gpx_garmin_trackpoint_extension.gpx"
    assert out["weeks"] and "alerts" in out


def test_nothing_readable_exits_nonzero(tmp_path: Path) -> None:
    f = tmp_path / "x.fit"
    f.write_bytes(b"nope")
    r = CliRunner().invoke(app, ["analyze", str(f)])
    assert r.exit_code == 1 and "not read" in r.output


def test_heart_rate_only_runs_get_a_load_from_age_or_date_of_birth(data_dir: Path) -> None:
    """run_fr110_hr.fit has heart rate and no RPE: without any HRmax it says why it carries no
    load; with --age, --dob or --hr-max it carries Banister TRIMP, weighted by --sex."""
    import math

    f = str(data_dir / "run_fr110_hr.fit")

    def load(*opts: str) -> dict[str, object]:
        r = CliRunner().invoke(app, ["analyze", f, "--json", *opts])
        assert r.exit_code == 0, r.output
        out: dict[str, object] = json.loads(r.output)["activities"][0]
        return out

    none = load()
    assert none["trimp"] is None and "no maximum heart rate" in str(none["no_load_reason"])
    start = str(none["start"])[:10]
    born = f"{int(start[:4]) - 40}{start[4:]}"  # 40 years old that day
    by_age, by_dob = load("--age", "40"), load("--dob", born)
    assert by_age["trimp"] and abs(float(str(by_age["trimp"])) - float(str(by_dob["trimp"]))) < 1
    measured = load("--hr-max", str(208 - 0.7 * 40))
    assert math.isclose(float(str(measured["trimp"])), float(str(by_age["trimp"])), rel_tol=1e-6)
    men = load("--age", "40", "--sex", "male")
    assert float(str(men["trimp"])) < float(str(by_age["trimp"]))  # women's weighting is larger
    r = CliRunner().invoke(app, ["analyze", f, "--age", "40", "--dob", born])
    assert r.exit_code != 0 and "not both" in r.output
