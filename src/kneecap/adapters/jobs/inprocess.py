"""The default queue: worker threads inside the app process.

Jobs are stored in the database before they are queued here, so when the app stops mid-job
the next start finds them (`JobService.recover`) and runs them again.
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
        recover: Callable[[], int],
        queued: Callable[[], Sequence[int]],
        workers: int = 1,
    ) -> None:
        self._run = run
        self._recover = recover
        self._queued = queued
        self._workers = workers
        self._queue: queue.Queue[int | None] = queue.Queue()
        self._threads: list[threading.Thread] = []

    def enqueue(self, job_id: int) -> None:
        self._queue.put(job_id)

    def start(self) -> None:
        if self._threads:
            return
        requeued = self._recover()
        if requeued:
            log.info("requeued %d interrupted job(s)", requeued)
        for job_id in self._queued():
            self._queue.put(job_id)
        for n in range(self._workers):
            t = threading.Thread(target=self._loop, name=f"kneecap-job-{n}", daemon=True)
            t.start()
            self._threads.append(t)

    def stop(self) -> None:
        for _ in self._threads:
            self._queue.put(None)
        for t in self._threads:
            t.join(timeout=30)
        self._threads.clear()

    def _loop(self) -> None:
        while True:
            job_id = self._queue.get()
            if job_id is None:
                return
            try:
                self._run(job_id)
            except Exception:  # the service records failures; never let the thread die
                log.exception("job runner error for job %s", job_id)
