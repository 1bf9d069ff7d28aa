"""Work the app does after it starts serving (the demo clinic's set-up), with its progress.

The app answers `/healthz` and its pages at once; the work runs on one background thread once
the job queue runs, and every page shows what it is doing until it is done.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger("kneecap.web")

# The work gets a `report(message)` callback; what it reports is shown on every page.
StartupWork = Callable[[Callable[[str], None]], None]


@dataclass
class StartupState:
    """What the page banner shows: `running` while the work runs, its last message, and a
    plain error (never an exception's text, which may hold client data) if it failed."""

    title: str = ""
    running: bool = False
    message: str = ""
    error: str = ""


class StartupTasks:
    def __init__(self, title: str, work: StartupWork | None) -> None:
        self._work = work
        self.state = StartupState(title=title, running=work is not None)
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._work is None or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="kneecap-startup", daemon=True)
        self._thread.start()

    def join(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _report(self, message: str) -> None:
        self.state.message = message

    def _run(self) -> None:
        assert self._work is not None
        try:
            self._work(self._report)
        except Exception as exc:
            log.exception("start-up work failed: %s", type(exc).__name__)
            self.state.error = "It failed; the log says why."
        finally:
            self.state.running = False
