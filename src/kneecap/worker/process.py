"""One worker process: take jobs from the broker until stopped with SIGINT or SIGTERM.

Start as many as you like, on any machines that reach the same database, broker and uploads
(an object store, KNEECAP_BLOB_URL, or a shared folder), before or after the app: a worker
waits (and says why) until the database is reachable and migrated to its own version.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable

from kneecap.bootstrap import build, schema_wait_reason
from kneecap.config import Settings

# How often a waiting worker looks at the database again.
WAIT_S = 5.0


def run_worker(
    settings: Settings,
    started: Callable[[], None] = lambda: None,
    waiting: Callable[[str], None] = lambda _reason: None,
    wait_s: float = WAIT_S,
) -> None:
    """Run jobs on `settings.worker_threads` threads; `started` is called once they run, and
    `waiting` with the reason each time the reason to wait changes."""
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    said = None
    while (reason := schema_wait_reason(settings)) is not None:
        if reason != said:
            waiting(reason)
            said = reason
        if stop.wait(wait_s):
            return
    c = build(settings, migrate=False, pooled=False)
    queue = c.jobs.queue
    if queue is None:  # build always gives one; without a broker it is the in-process queue
        raise RuntimeError("no job queue")
    queue.start()
    started()
    try:
        stop.wait()
    finally:
        queue.stop()
        c.close()
