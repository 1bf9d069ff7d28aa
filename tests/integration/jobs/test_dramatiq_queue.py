"""Distributed jobs through Redis: the app enqueues, a Dramatiq worker (here in threads of
this process, as `kneecap worker` runs it) claims and runs the job; the row shows the result.

Needs the Redis at 127.0.0.1:6379: skipped locally without it, a failure in CI."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from kneecap.bootstrap import build
from kneecap.config import Settings
from kneecap.domain.jobs import Job, JobStatus
from kneecap.services.jobs import Progress
from tests.factories import make_world

REDIS_URL = os.environ.get("KNEECAP_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"Redis at {REDIS_URL} is needed in CI: {exc}")
        pytest.skip(f"no Redis at {REDIS_URL} ({exc})")


def squares(job: Job, progress: Progress) -> dict[str, Any]:
    progress(0.5, "half way")
    return {"squares": [n * n for n in job.payload["numbers"]]}


def test_a_job_goes_through_redis_to_a_worker(tmp_path: Path) -> None:
    _redis_or_skip()
    namespace = f"kneecap-test-{uuid.uuid4().hex[:8]}"  # the Redis is shared: keep apart
    settings = Settings(
        data_dir=tmp_path,
        broker_url=REDIS_URL,
        run_jobs_in_app=False,
        broker_namespace=namespace,
        worker_threads=2,
    )
    handlers = {"test.squares": squares}
    web = build(settings, job_handlers=handlers)  # the web app's side: enqueues only
    worker = build(settings, job_handlers=handlers, migrate=False)  # a worker process's side
    from kneecap.adapters.jobs.dramatiq_queue import DramatiqQueue

    assert isinstance(web.jobs.queue, DramatiqQueue)
    world = make_world(web)
    job = web.jobs.submit(
        "test.squares", {"numbers": [1, 2, 3]}, clinic_id=world.a.clinic_id, created_by=None
    )
    assert web.jobs.queue is not None and worker.jobs.queue is not None
    worker.jobs.queue.start()
    try:
        caller = world.a.caller("lmt")
        for _ in range(200):
            seen = web.jobs.get(caller, job.id)
            if seen.status.finished:
                break
            time.sleep(0.05)
    finally:
        worker.jobs.queue.stop()
        web.jobs.queue.stop()
        web.close()
        worker.close()
    assert seen.status is JobStatus.DONE, seen.error
    assert seen.result == {"squares": [1, 4, 9]}
