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


def schema_wait_reason(settings: Settings) -> str | None:
    """Why a worker cannot run jobs on this database yet (None: it can). Says what to do;
    never raises for an unreachable or unmigrated database."""
    from sqlalchemy.exc import SQLAlchemyError

    from kneecap.adapters.db.engine import make_engine
    from kneecap.adapters.db.migrate import schema_status

    engine = make_engine(settings.database_url, pooled=False)
    try:
        status = schema_status(engine)
    except SQLAlchemyError as exc:  # unreachable, wrong credentials, no such database ...
        return (
            f"cannot reach the database ({type(exc).__name__}); check KNEECAP_DATABASE_URL "
            "and that the database server runs"
        )
    finally:
        engine.dispose()
    if status.ready:
        return None
    if status.newer:
        return (
            f"the database is at revision {', '.join(status.current)}, newer than this "
            f"Kneecap ({status.head}): install the same Kneecap version as the app here"
        )
    at = ", ".join(status.current) or "never migrated"
    return (
        f"the database is not migrated yet ({at}; this Kneecap needs {status.head}): start "
        "the app (`kneecap serve` migrates) or run `kneecap db upgrade`"
    )


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


def prestart_pose(processes: int) -> None:
    """Starts the pose processes analyze_running_video will use on `processes` (0: one per
    core), so their start-up overlaps the caller's own; call it first thing."""
    from kneecap.adapters.video.segments import prestart

    prestart(processes)


def analyze_running_video(
    video: Path,
    view: View | None,
    height_cm: float | None,
    out_dir: Path,
    progress: Callable[[float], None],
    processes: int = 0,
    belt_speed_ms: float | None = None,
    fps: float | None = None,
) -> GaitAnalysis:
    """The whole video pipeline on one file (BlazePose loads on first use), pose on
    `processes` segments in parallel (0: one per core); `fps` overrides the container's frame
    rate, `belt_speed_ms` gives step length from the treadmill's belt."""
    from kneecap.adapters.video.pipeline import analyze_video

    return analyze_video(
        video,
        view,
        height_cm,
        out_dir,
        progress=progress,
        processes=processes,
        belt_speed_ms=belt_speed_ms,
        fps=fps,
    )


def synthetic_runner_clip(path: Path) -> Path:
    """The procedural mannequin runner (not a filmed person), written to `path`."""
    from kneecap.adapters.video.mannequin import demo_clip

    return demo_clip(path)
