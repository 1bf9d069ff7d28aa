"""Background jobs: stored first, run with progress, failures recorded, restarts survived."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from kneecap.domain.jobs import JobStatus
from kneecap.services.errors import NotFound
from kneecap.web.app import create_app
from tests.factories import TEST_JOBS, World, make_world
from tests.web.conftest import sign_in


@pytest.fixture
def container(build_container: Callable[..., Container]) -> Container:
    """With the test job kinds, and no queue: jobs run by hand unless a test starts one."""
    return build_container(job_handlers=TEST_JOBS, queue_jobs=False)


@pytest.fixture
def world(container: Container) -> World:
    return make_world(container)


def test_a_job_runs_to_done_with_its_result(container: Container, world: World) -> None:
    client = world.a.clients[0]
    job = container.jobs.submit(
        "count",
        {"n": 3},
        clinic_id=world.a.clinic_id,
        created_by=world.a.users["lmt"].id,
        client_id=client.id,
    )
    assert job.status is JobStatus.QUEUED and job.message == "Waiting to start"
    done = container.jobs.run(job.id)
    assert done is not None and done.status is JobStatus.DONE
    assert done.result == {"counted": 3} and done.percent == 100
    assert container.jobs.run(job.id) is None  # already taken: nobody runs it twice


def test_expected_and_unexpected_failures_are_recorded_differently(
    container: Container, world: World
) -> None:
    expected = container.jobs.submit("fail", {}, clinic_id=world.a.clinic_id, created_by=None)
    crashed = container.jobs.submit("crash", {}, clinic_id=world.a.clinic_id, created_by=None)
    failed = container.jobs.run(expected.id)
    assert failed is not None and failed.status is JobStatus.FAILED
    assert failed.error.startswith("The file is not a video")
    broken = container.jobs.run(crashed.id)
    assert broken is not None and broken.status is JobStatus.FAILED
    assert "failed unexpectedly" in broken.error and "secret" not in broken.error


def test_a_job_interrupted_by_a_restart_runs_again(container: Container, world: World) -> None:
    job = container.jobs.submit("count", {"n": 1}, clinic_id=world.a.clinic_id, created_by=None)
    store = container.jobs._store
    assert store.claim(job.id, container.clock.now()) is not None  # the app "stops" here
    assert list(container.jobs.recover()) == [job.id]
    again = store.get(job.id)
    assert again is not None and again.status is JobStatus.QUEUED
    assert "interruption" in again.message
    done = container.jobs.run(job.id)
    assert done is not None and done.status is JobStatus.DONE and done.attempts == 2


def test_a_job_that_keeps_dying_is_given_up(container: Container, world: World) -> None:
    job = container.jobs.submit("count", {"n": 1}, clinic_id=world.a.clinic_id, created_by=None)
    store = container.jobs._store
    for _ in range(3):
        store.claim(job.id, container.clock.now())
        container.jobs.recover()
    final = store.get(job.id)
    assert final is not None and final.status is JobStatus.FAILED and "repeatedly" in final.error


def test_the_in_process_queue_runs_jobs_in_the_background(
    build_container: Callable[..., Container], world: World
) -> None:
    from kneecap.adapters.jobs.inprocess import InProcessQueue

    jobs = build_container(job_handlers=TEST_JOBS).jobs
    assert isinstance(jobs.queue, InProcessQueue)
    jobs.queue.start()
    try:
        job = jobs.submit("count", {"n": 2}, clinic_id=world.a.clinic_id, created_by=None)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            current = jobs._store.get(job.id)
            if current is not None and current.status.finished:
                break
            time.sleep(0.05)
        assert current is not None and current.status is JobStatus.DONE
    finally:
        jobs.queue.stop()


def test_job_progress_is_visible_only_to_who_may_see_the_client(
    container: Container, world: World
) -> None:
    own = world.a.clients[0]
    job = container.jobs.submit(
        "count", {"n": 1}, clinic_id=world.a.clinic_id, created_by=None, client_id=own.id
    )
    assert container.jobs.get(world.a.caller("client1"), job.id).id == job.id
    assert container.jobs.get(world.a.caller("lmt"), job.id).id == job.id
    with pytest.raises(NotFound):
        container.jobs.get(world.a.caller("client2"), job.id)
    with pytest.raises(NotFound):
        container.jobs.get(world.b.caller("chiropractor"), job.id)
    with TestClient(create_app(container=container), follow_redirects=False) as http:
        sign_in(http, world.a.users["client1"].email)
        body = http.get(f"/api/v1/jobs/{job.id}").json()
        assert body["status"] == "queued" and body["percent"] == 0
        sign_in(http, world.b.users["lmt"].email)
        assert http.get(f"/api/v1/jobs/{job.id}").status_code == 404
