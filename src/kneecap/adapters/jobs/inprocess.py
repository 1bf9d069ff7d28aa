"""The default queue: worker threads inside the app process.

Jobs are stored in the database before they are queued here, so when the app stops mid-job
the next start finds them once their lease has expired (`JobRunner.maintain`, run at start and
every `every_s`) and runs them again.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Sequence

log = logging.getLogger("kneecap.jobs")


class InProcessQueue:
    def __init__(
        self,
        run: Callable[[int], object],
        recover: Callable[[], Sequence[int]],
        queued: Callable[[], Sequence[int]],
        workers: int = 1,
        every_s: float = 10.0,
    ) -> None:
        self._run = run
        self._recover = recover
        self._queued = queued
        self._workers = workers
        self._every_s = every_s
        self._queue: queue.Queue[int | None] = queue.Queue()
        self._threads: list[threading.Thread] = []
        self._stop = threading.Event()

    def enqueue(self, job_id: int) -> None:
        self._queue.put(job_id)

    def start(self) -> None:
        if self._threads:
            return
        requeued = self._recover()
        if requeued:
            log.info("requeued %d interrupted job(s)", len(requeued))
        for job_id in self._queued():
            self._queue.put(job_id)
        self._stop.clear()
        for n in range(self._workers):
            t = threading.Thread(target=self._loop, name=f"kneecap-job-{n}", daemon=True)
            t.start()
            self._threads.append(t)
        self._sweeper = threading.Thread(target=self._sweep, name="kneecap-jobs-sweep", daemon=True)
        self._sweeper.start()

    def stop(self) -> None:
        self._stop.set()
        for _ in self._threads:
            self._queue.put(None)
        for t in self._threads:
            t.join(timeout=30)
        self._threads.clear()

    def _sweep(self) -> None:
        while not self._stop.wait(self._every_s):
            try:
                for job_id in self._recover():
                    self._queue.put(job_id)
            except Exception:  # the database is away for a moment: try next time
                log.exception("job sweep failed")

    def _loop(self) -> None:
        while True:
            job_id = self._queue.get()
            if job_id is None:
                return
            try:
                self._run(job_id)
            except Exception:  # the service records failures; never let the thread die
                log.exception("job runner error for job %s", job_id)
