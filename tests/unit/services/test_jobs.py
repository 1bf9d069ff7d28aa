"""Background jobs: stored before they run, run once, failures kept apart from crashes, a
restart survived, and a job read through the gate like the client it belongs to."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kneecap.domain.jobs import MAX_ATTEMPTS, Job, JobStatus
from kneecap.services.errors import NotFound
from tests.factories import TEST_JOBS, World, make_world
from tests.fakes.house import FakeHouse, fake_house


@pytest.fixture
def house(tmp_path: Path) -> FakeHouse:
    return fake_house(tmp_path, TEST_JOBS)


@pytest.fixture
def world(house: FakeHouse) -> World:
    return make_world(house)


def _submit(house: FakeHouse, world: World, kind: str, **payload: Any) -> Job:
    by, cid = world.a.users["lmt"].id, world.a.clients[0].id
    return house.jobs.submit(
        kind, payload, clinic_id=world.a.clinic_id, created_by=by, client_id=cid
    )


def test_a_job_is_stored_queued_then_run_once_to_its_result(house: FakeHouse, world: World) -> None:
    job = _submit(house, world, "count", n=3)
    assert (job.status, job.message, house.queue.waiting) == (
        JobStatus.QUEUED, "Waiting to start", [job.id],
    )  # fmt: skip
    (done,) = house.queue.run_all()
    assert done is not None and done.status is JobStatus.DONE
    assert (done.result, done.percent, done.attempts) == ({"counted": 3}, 100, 1)
    assert house.jobs.run(job.id) is None  # taken already: nobody runs it twice


def test_an_expected_failure_keeps_its_message_and_a_crash_keeps_its_secrets(
    house: FakeHouse, world: World
) -> None:
    expected = house.jobs.run(_submit(house, world, "fail").id)
    assert expected is not None and expected.status is JobStatus.FAILED
    assert expected.error.startswith("The file is not a video")
    crashed = house.jobs.run(_submit(house, world, "crash").id)
    assert crashed is not None and crashed.status is JobStatus.FAILED
    assert "failed unexpectedly" in crashed.error and f"job {crashed.id}" in crashed.error
    assert "secret" not in crashed.error


def test_a_kind_this_installation_cannot_run_fails_clearly(house: FakeHouse, world: World) -> None:
    with pytest.raises(ValueError, match="no handler"):
        _submit(house, world, "print")
    job = _submit(house, world, "count", n=1)
    store = house.job_store
    stranger = store.add(world.a.clinic_id, "print", {}, None, None, house.clock.now())
    ran = house.jobs.run(stranger.id)
    assert ran is not None and ran.error == "This installation cannot run 'print' jobs."
    assert house.jobs.get(world.a.caller("lmt"), job.id).status is JobStatus.QUEUED


def test_jobs_interrupted_by_a_restart_run_again_until_they_give_up(
    house: FakeHouse, world: World
) -> None:
    job = _submit(house, world, "count", n=1)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        claimed = house.job_store.claim(job.id, house.clock.now())  # a worker took it, then died
        assert claimed is not None and claimed.attempts == attempt
        assert len(house.jobs.recover()) == (1 if attempt < MAX_ATTEMPTS else 0)
    gone = house.jobs.get(world.a.caller("lmt"), job.id)
    assert gone.status is JobStatus.FAILED and "stopped repeatedly" in gone.error


def test_a_job_is_read_like_its_clients_record(house: FakeHouse, world: World) -> None:
    job = _submit(house, world, "count", n=1)
    assert house.jobs.get(world.a.caller("client1"), job.id).id == job.id
    lmt = world.a.caller("lmt")
    for who, job_id in ((world.a.caller("client2"), job.id), (world.b.caller("lmt"), job.id),
                        (lmt, 999)):  # fmt: skip
        with pytest.raises(NotFound) as hidden:
            house.jobs.get(who, job_id)
        assert hidden.value.message == "That record was not found."
    assert [e.outcome for e in house.audit_trail()[-3:]] == ["hidden"] * 3
