"""What the command line does without the app's services: migrate or check the database
before anything opens it, read watch files and analyse a video with no database at all, and
make the demo clinic's synthetic running video."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kneecap.adapters.video.pipeline import GaitAnalysis
    from kneecap.config import Settings
    from kneecap.domain.gait.view import View
    from kneecap.ports.activities import ReadResult

# Each tool imports what it needs when called: the command line starts without the
# database, video or web stacks it does not use.


def upgrade_database(settings: Settings) -> str:
    """Apply every pending migration; returns the database's URL without its password."""
    from kneecap.adapters.db.engine import make_engine
    from kneecap.adapters.db.migrate import upgrade

    engine = make_engine(settings.database_url, pooled=False)
    try:
        upgrade(engine)
        return engine.url.render_as_string(hide_password=True)
    finally:
        engine.dispose()


def database_drift(settings: Settings) -> list[str]:
    """After migrating: how the models and the migrated schema differ (empty when in step)."""
    from kneecap.adapters.db.engine import make_engine
    from kneecap.adapters.db.migrate import drift, upgrade

    engine = make_engine(settings.database_url, pooled=False)
    try:
        upgrade(engine)
        return [str(d) for d in drift(engine)]
    finally:
        engine.dispose()


def read_activity_files(paths: Iterable[Path]) -> ReadResult:
    from kneecap.adapters.activities.read import FileActivityReader

    return FileActivityReader().read_paths(paths)


def analyze_running_video(
    video: Path,
    view: View | None,
    height_cm: float | None,
    out_dir: Path,
    progress: Callable[[float], None],
) -> GaitAnalysis:
    """The whole video pipeline on one file (BlazePose loads on first use)."""
    from kneecap.adapters.video.pipeline import analyze_video

    return analyze_video(video, view, height_cm, out_dir, progress=progress)


def synthetic_runner_clip(path: Path) -> Path:
    """The procedural mannequin runner (not a filmed person), written to `path`."""
    from kneecap.adapters.video.mannequin import demo_clip

    return demo_clip(path)
