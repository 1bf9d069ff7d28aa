"""Composition root: Settings -> engine -> adapters -> services, and nowhere else.

Shells (web, CLI, worker, demo) call `build(settings)` once and use the services on the
returned container; tests pass their own clock, hasher, analyser or job kinds. The tools are
what the command line needs without a database (read watch files, analyse a video) or before
one is opened (migrate, check).
"""

from kneecap.bootstrap.container import CareServices, Container, build
from kneecap.bootstrap.tools import (
    analyze_running_video,
    database_drift,
    read_activity_files,
    schema_wait_reason,
    synthetic_runner_clip,
    upgrade_database,
)

__all__ = [
    "CareServices",
    "Container",
    "analyze_running_video",
    "build",
    "database_drift",
    "read_activity_files",
    "schema_wait_reason",
    "synthetic_runner_clip",
    "upgrade_database",
]
