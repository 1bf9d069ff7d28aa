"""The app `kneecap demo` serves (uvicorn factory `kneecap.cli.demo_app:create`).

It answers at once and builds the demo clinic on a background thread once the job queue runs;
the running-form analysis is a job on that queue, its progress on the pages. With several
server processes, the one that takes the data folder's demo lock builds it.
"""

from __future__ import annotations

import fcntl
from collections.abc import Callable
from typing import IO

from fastapi import FastAPI

from kneecap.bootstrap import Container, build
from kneecap.cli.demo_password import demo_password
from kneecap.config import Settings
from kneecap.demo import seed_demo
from kneecap.web.app import create_app
from kneecap.web.startup import StartupTasks

TITLE = "Setting up the demo clinic"
_lock: list[IO[str]] = []  # held for the life of the process that builds the demo


def _take_lock(settings: Settings) -> bool:
    handle = (settings.data_dir / "demo.lock").open("a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return False
    _lock.append(handle)
    return True


def _work(c: Container, password: str) -> Callable[[Callable[[str], None]], None]:
    def run(report: Callable[[str], None]) -> None:
        seed_demo(c, password, report)

    return run


def create() -> FastAPI:
    settings = Settings.from_env()
    # `kneecap demo` migrated before serving; this process only connects.
    c = build(settings, migrate=False)
    work = _work(c, demo_password(settings)) if _take_lock(settings) else None
    return create_app(container=c, startup=StartupTasks(TITLE, work))
