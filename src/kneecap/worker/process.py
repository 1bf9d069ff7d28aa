"""One worker process: take jobs from the broker until stopped with SIGINT or SIGTERM.

Start as many as you like, on any machines that reach the same database, broker and uploads
folder (shared storage).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable

from kneecap.bootstrap import build
from kneecap.config import Settings


def run_worker(settings: Settings, started: Callable[[], None] = lambda: None) -> None:
    """Run jobs on `settings.worker_threads` threads; `started` is called once they run."""
    c = build(settings, migrate=False, pooled=False)
    queue = c.jobs.queue
    if queue is None:  # build always gives one; without a broker it is the in-process queue
        raise RuntimeError("no job queue")
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    queue.start()
    c.sweeps.start()
    started()
    try:
        stop.wait()
    finally:
        c.sweeps.stop()
        queue.stop()
        c.close()
