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
