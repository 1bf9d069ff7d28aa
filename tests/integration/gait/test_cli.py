"""`kneecap gait analyze` and `kneecap gait upload` through the registered command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kneecap.bootstrap import build
from kneecap.cli.main import app
from kneecap.config import Settings
from tests.factories import make_world
from tests.support.gait import make_clip
from tests.support.runner_video import mocap_available

pytestmark = [
    pytest.mark.xdist_group("video"),
    pytest.mark.slow,
    pytest.mark.skipif(not mocap_available(), reason="../shared/data mocap absent"),
]


def test_analyze_json_and_upload_with_wait(tmp_path: Path) -> None:
    clip = make_clip(tmp_path)
    runner = CliRunner()
    r = runner.invoke(app, ["gait", "analyze", str(clip), "--out", str(tmp_path / "o"), "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout[r.stdout.index("{") :])
    assert data["view"] == "side" and 150 < data["cadence_spm"] < 190
    assert len(data["steps"]) >= 8 and {"left", "right"} <= set(data["per_side"])
    assert (tmp_path / "o" / "annotated.mp4").stat().st_size > 0

    env = {"KNEECAP_DATA_DIR": str(tmp_path / "data")}
    c = build(Settings(data_dir=tmp_path / "data"))
    world = make_world(c)
    c.close()
    target = world.a.clients[0].id
    args = ["gait", "upload", str(clip), "--client", str(target)]
    refused = runner.invoke(app, [*args, "--as", "admin@alpha.test"], env=env)
    assert refused.exit_code != 0 and "may not" in refused.output
    other = runner.invoke(app, [*args, "--as", "lmt@beta.test"], env=env)
    assert other.exit_code != 0 and "not found" in other.output.lower()
    ok = runner.invoke(app, [*args, "--as", "lmt@alpha.test", "--wait"], env=env)
    assert ok.exit_code == 0, ok.output
    assert "done 100%" in ok.output and "ready: cadence" in ok.output


def test_a_slow_motion_clip_is_refused_with_exit_1_and_analysed_with_its_real_frame_rate(
    tmp_path: Path,
) -> None:
    from kneecap.adapters.video.mannequin import write_clip
    from tests.support.runner_video import keypoints

    # Filmed at 60 fps, stored to play at 30: half speed, as a phone's slow-motion export
    # (12 s of running, 24 s of video).
    size = (480, 270)
    clip = write_clip(tmp_path / "slowmo.mp4", keypoints(60, size), 30, size, 720)
    runner = CliRunner()
    out = str(tmp_path / "o")
    slow = runner.invoke(app, ["gait", "analyze", str(clip), "--out", out, "--processes", "1"])
    assert slow.exit_code == 1, slow.output
    assert "slow-motion" in slow.output and "--fps 60" in slow.output
    args = ["gait", "analyze", str(clip), "--out", out, "--processes", "1", "--fps", "60"]
    real = runner.invoke(app, [*args, "--height-cm", "181", "--json"])
    assert real.exit_code == 0, real.output
    data = json.loads(real.stdout[real.stdout.index("{") :])
    assert 160 < data["cadence_spm"] < 185
    assert data["step_length"] == {"source": "video", "uncertainty_pct": 10}
