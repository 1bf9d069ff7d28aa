"""Composition root: Settings -> engine -> adapters -> services, and nowhere else.

Shells (web, CLI, worker, demo) call `build(settings)` once and use the services on the
returned container; tests pass their own clock, hasher, analyser or job kinds. The tools are
what the command line needs without a database (read watch files, analyse a video) or before
one is opened (migrate, check).

Names load on first use (PEP 562): `kneecap load analyze` reads files without importing the
database, web or video stacks that `build` pulls in.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kneecap.bootstrap.container import CareServices, Container, build
    from kneecap.bootstrap.tools import (
        analyze_running_video,
        database_drift,
        prestart_pose,
        read_activity_files,
        schema_wait_reason,
        synthetic_runner_clip,
        upgrade_database,
    )

_WHERE = {
    "CareServices": "container",
    "Container": "container",
    "build": "container",
    "analyze_running_video": "tools",
    "prestart_pose": "tools",
    "database_drift": "tools",
    "read_activity_files": "tools",
    "schema_wait_reason": "tools",
    "synthetic_runner_clip": "tools",
    "upgrade_database": "tools",
}

__all__ = [
    "CareServices",
    "Container",
    "analyze_running_video",
    "build",
    "database_drift",
    "prestart_pose",
    "read_activity_files",
    "schema_wait_reason",
    "synthetic_runner_clip",
    "upgrade_database",
]


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{where}"), name)
