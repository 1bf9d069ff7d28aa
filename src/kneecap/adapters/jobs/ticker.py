"""A timer thread that calls one function every few seconds (the reminder sweep), in the
process that runs jobs. Errors are logged by type only and the next tick tries again."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger("kneecap.jobs")


class Ticker:
    def __init__(self, every_s: float, tick: Callable[[], object], name: str = "sweep") -> None:
        self._every = max(1.0, every_s)
        self._tick = tick
        self._name = name
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._loop, name=f"kneecap-{self._name}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.wait(self._every):
            try:
                self._tick()
            except Exception as exc:  # a failed sweep must not end the timer
                log.warning("%s failed: %s", self._name, type(exc).__name__)
