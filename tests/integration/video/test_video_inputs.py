"""Adapters on real files: bad inputs, the real BlazePose model, the whole pipeline."""

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from kneecap.adapters.video.errors import (
    NotAVideoError,
    NoVideoStreamError,
    TooDarkError,
    VideoTooShortError,
)
from kneecap.adapters.video.pipeline import analyze_video
from kneecap.adapters.video.probe import probe
from kneecap.cli.gait import app
from tests.fakes.video import ReplayPose
from tests.support.synthetic import person_frames, stick_runner, write_clip

pytest.importorskip("skimage")


# The pose model takes a core: these tests share one test worker (scripts/test runs
# pytest with --dist loadgroup) so they never slow each other or the browser tests.
pytestmark = pytest.mark.xdist_group("video")


def test_text_file_renamed_mp4(tmp_path: Path) -> None:
    p = tmp_path / "notes.mp4"
    p.write_text("hello, this is not a video\n" * 50)
    with pytest.raises(NotAVideoError) as exc:
        probe(p)
    assert "Upload the MP4" in exc.value.user_message


def test_audio_only(tmp_path: Path) -> None:
    import av

    p = tmp_path / "voice.mp4"
    with av.open(str(p), "w") as c:
        s = c.add_stream("aac", rate=44100)
        frame = av.AudioFrame.from_ndarray(
            np.zeros((2, 1024), np.float32), format="fltp", layout="stereo"
        )
        frame.sample_rate = 44100
        for i in range(300):
            frame.pts = i * 1024
            for pkt in s.encode(frame):
                c.mux(pkt)
        for pkt in s.encode():
            c.mux(pkt)
    with pytest.raises(NoVideoStreamError):
        probe(p)


def test_too_short(tmp_path: Path) -> None:
    p = write_clip(tmp_path / "short.mp4", person_frames(30))
    with pytest.raises(VideoTooShortError):
        probe(p)


@pytest.mark.slow
def test_dark_clip(tmp_path: Path) -> None:
    p = write_clip(tmp_path / "dark.mp4", person_frames(200, brightness=0.03))
    with pytest.raises(TooDarkError):
        analyze_video(p)


@pytest.mark.slow
def test_real_pose_model_finds_the_person(tmp_path: Path) -> None:
    from kneecap.adapters.video.decode import iter_frames
    from kneecap.adapters.video.pose_mediapipe import MediaPipePose

    p = write_clip(tmp_path / "person.mp4", person_frames(40))
    with MediaPipePose() as pose:
        kps = [pose.estimate(f) for f in iter_frames(p)]
    found = [k for k in kps if np.isfinite(k[0, 0])]
    assert len(found) >= 30
    nose = np.array([k[0, :2] for k in found])
    # The face is in the upper part of the frame and in pixels, not normalised.
    assert (nose[:, 1] < 300).all() and (nose[:, 0] > 1).all()


@pytest.mark.slow
def test_pipeline_writes_outputs_and_cli_prints_json(tmp_path: Path) -> None:
    import av

    kp = stick_runner(168, 30, 10)
    clip = write_clip(tmp_path / "run.mp4", person_frames(kp.n_frames, (500, 450)))
    result = analyze_video(clip, None, 180, tmp_path / "out", pose=ReplayPose(kp.xyv, 0.5))
    assert abs(result.metrics.cadence_spm - 168) < 1
    with av.open(str(result.files["video"])) as c:
        s = c.streams.video[0]
        assert s.codec_context.name == "h264" and s.codec_context.pix_fmt == "yuv420p"
        assert s.frames == kp.n_frames
    html = result.files["report"].read_text()
    assert "about 176 steps/min" in html
    assert '<script src="http' not in html  # plotly.js is embedded, no CDN
    # CLI on the same clip with the real model: no runner's legs in the photo -> clear error.
    r = CliRunner().invoke(app, ["analyze", str(clip), "--json", "--out", str(tmp_path / "cli")])
    assert r.exit_code == 1
    assert "legs and feet must be seen" in r.output


def test_cli_exit_codes_missing_file_and_not_a_video(tmp_path: Path) -> None:
    r = CliRunner().invoke(
        app, ["analyze", str(tmp_path / "nope.mp4"), "--out", str(tmp_path / "o")]
    )
    assert r.exit_code == 3 and "no file at that path" in r.output
    (tmp_path / "notes.mp4").write_text("not a video")
    r = CliRunner().invoke(
        app, ["analyze", str(tmp_path / "notes.mp4"), "--out", str(tmp_path / "o")]
    )
    assert r.exit_code == 1 and "not a video we can read" in r.output
