"""The fakes the service unit tests run on answer as the SQL adapters do: the same
repository questions on the fake tables, SQLite and PostgreSQL, with the same answers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Protocol

import pytest

from kneecap.adapters.db.engine import make_engine, make_session_factory
from kneecap.adapters.db.repositories.jobs import SqlJobStore
from kneecap.adapters.db.uow import SqlUnitOfWorkFactory
from kneecap.domain.access.audit import AuditEntry
from kneecap.domain.access.roles import Role
from kneecap.domain.clients.record import ClientDetails
from kneecap.domain.jobs import JobStatus
from kneecap.domain.load.goal import PlanKind, TrainingGoal
from kneecap.domain.load.pain import PainEntry
from kneecap.ports.jobs import JobRepository
from kneecap.ports.load import LoadUnitOfWork
from kneecap.ports.repositories import AuditQuery
from tests.factories import run
from tests.fakes.jobs import FakeJobStore
from tests.fakes.uow import FakeUnitOfWorkFactory
from tests.support.databases import empty_postgres, fresh_sqlite

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


class Units(Protocol):
    def __call__(self) -> LoadUnitOfWork: ...


@pytest.fixture(params=["fake", "sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Units, JobRepository]]:
    if request.param == "fake":
        yield FakeUnitOfWorkFactory(), FakeJobStore()
        return
    if request.param == "sqlite":
        url = fresh_sqlite(request.getfixturevalue("_sqlite_template"), tmp_path)
    else:
        url = request.getfixturevalue("_postgres_url")
        empty_postgres(url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    yield SqlUnitOfWorkFactory(sessions), SqlJobStore(sessions)
    engine.dispose()


def _clinic(units: Units, name: str = "Alpha") -> int:
    with units() as uow:
        clinic = uow.clinics.add(name, name.lower())
        uow.commit()
    return clinic.id


def test_what_is_not_committed_is_gone_and_one_commit_keeps_anothers(
    store: tuple[Units, JobRepository],
) -> None:
    units, _ = store
    with units() as uow:
        uow.clinics.add("Dropped", "dropped")
    outer = units()
    with outer:
        outer.clinics.by_slug("outer")  # the caller has read, not written, when the gate
        with units() as inner:  # audits a denial in a unit of work of its own
            inner.clinics.add("Inner", "inner")
            inner.commit()
        outer.clinics.add("Outer", "outer")
        outer.commit()
    with units() as uow:
        assert uow.clinics.by_slug("dropped") is None
        assert uow.clinics.by_slug("outer") is not None and uow.clinics.by_slug("inner")


def test_client_search_orders_by_name_and_names_the_clients_account(
    store: tuple[Units, JobRepository],
) -> None:
    units, _ = store
    clinic, other = _clinic(units), _clinic(units, "Beta")
    with units() as uow:
        for name, email in (
            ("bea Stone", None),
            ("Al Hart", "al@x.test"),
            ("Cy Moss", "bea@x.test"),
        ):
            uow.clients.add(clinic, ClientDetails(name, email=email))
        uow.clients.add(other, ClientDetails("Bea Elsewhere"))
        uow.commit()
    with units() as uow:
        cy = uow.clients.search(clinic, "cy")[0][0]
        uow.users.add(clinic, "cy@x.test", "Cy Moss", Role.CLIENT, client_id=cy.id)
        uow.commit()
    with units() as uow:
        everyone, total = uow.clients.search(clinic)
        assert [c.name for c in everyone] == ["Al Hart", "bea Stone", "Cy Moss"] and total == 3
        found, total = uow.clients.search(clinic, "bea", limit=1, offset=1)
        assert [c.name for c in found] == ["Cy Moss"] and total == 2  # by name or by email
        cy_user, cy_again = uow.users.by_email("cy@x.test"), uow.clients.get(cy.id)
        assert cy_user is not None and cy_again is not None and cy_again.user_id == cy_user.id
        assert everyone[0].user_id is None


def test_the_audit_log_answers_newest_first_within_its_filters(
    store: tuple[Units, JobRepository],
) -> None:
    units, _ = store
    clinic = _clinic(units)
    with units() as uow:
        rows = [("client.read", "allow"), ("client_x", "hidden"), ("client.read", "forbidden"),
                ("care.view", "allow")]  # fmt: skip
        for minutes, (action, outcome) in enumerate(rows):
            at = NOW + timedelta(minutes=minutes)
            uow.audit.append(AuditEntry(at, clinic, None, "cli", action, outcome, "here"))
        uow.commit()
    with units() as uow:
        found, total = uow.audit.query(AuditQuery(clinic, action_prefix="client", limit=2))
        assert total == 3 and [e.at.minute for e in found] == [2, 1]
        literal, _ = uow.audit.query(AuditQuery(clinic, action_prefix="client_"))
        assert [e.action for e in literal] == ["client_x"]  # "_" is not a wildcard
        window, _ = uow.audit.query(AuditQuery(clinic, since=NOW, until=NOW + timedelta(minutes=2)))
        assert [e.at.minute for e in window] == [1, 0]
        allowed, _ = uow.audit.query(AuditQuery(clinic, outcome="allow", offset=1))
        assert [e.action for e in allowed] == ["client.read"]


def test_activities_are_kept_once_per_runner_and_listed_by_start(
    store: tuple[Units, JobRepository],
) -> None:
    units, _ = store
    clinic = _clinic(units)
    with units() as uow:
        a, b = (uow.clients.add(clinic, ClientDetails(n)) for n in ("A", "B"))
        uow.commit()
    early, late = run(date(2026, 2, 1), 5, 30), run(date(2026, 2, 3), 8, 45)
    with units() as uow:
        assert uow.activities.add_many(clinic, a.id, [late, early, late], NOW) == 2
        assert uow.activities.add_many(clinic, b.id, [late], NOW) == 1  # another runner's
        uow.commit()
    with units() as uow:
        assert uow.activities.add_many(clinic, a.id, [early], NOW) == 0
        assert [x.start for x in uow.activities.for_client(a.id)] == [early.start, late.start]
        assert [x.start for x in uow.activities.for_client(a.id, since=late.start)] == [late.start]
        newest = uow.activities.list(a.id, limit=1)
        assert [s.activity.start for s in newest] == [late.start] and uow.activities.count(
            a.id
        ) == 2
        assert uow.activities.keys(b.id) == {late.dedup_key}


def test_a_second_pain_entry_that_day_fills_in_and_one_plan_is_active(
    store: tuple[Units, JobRepository],
) -> None:
    units, _ = store
    clinic = _clinic(units)
    with units() as uow:
        cid = uow.clients.add(clinic, ClientDetails("A")).id
        uow.pain_log.upsert(clinic, cid, PainEntry(date(2026, 3, 1), 3, None, 1), None, NOW)
        uow.pain_log.upsert(clinic, cid, PainEntry(date(2026, 3, 1), 4, 2, None), None, NOW)
        uow.pain_log.upsert(clinic, cid, PainEntry(date(2026, 2, 27), 1), None, NOW)
        goal = TrainingGoal(PlanKind.RETURN_TO_RUN, date(2026, 3, 2))
        first = uow.plans.replace(clinic, cid, goal, None, NOW)
        second = uow.plans.replace(clinic, cid, goal, None, NOW)
        uow.commit()
    with units() as uow:
        entries = uow.pain_log.for_client(cid)
        assert [(e.day.day, e.during, e.next_morning, e.baseline_morning) for e in entries] == [
            (27, 1, None, None), (1, 4, 2, 1),
        ]  # fmt: skip
        assert [e.day.day for e in uow.pain_log.for_client(cid, since=date(2026, 2, 28))] == [1]
        active = uow.plans.active(cid)
        assert active is not None and active.id == second.id != first.id


def test_a_job_is_claimed_once_and_an_interrupted_one_goes_back_or_gives_up(
    store: tuple[Units, JobRepository],
) -> None:
    units, jobs = store
    clinic = _clinic(units)
    one = jobs.add(clinic, "count", {"n": 1}, None, None, NOW)
    two = jobs.add(clinic, "count", {"n": 2}, None, None, NOW)
    assert list(jobs.next_queued()) == [one.id, two.id]
    claimed = jobs.claim(one.id, NOW)
    assert claimed is not None and (claimed.status, claimed.attempts) == (JobStatus.RUNNING, 1)
    assert jobs.claim(one.id, NOW) is None
    jobs.claim(two.id, NOW)
    assert jobs.requeue_interrupted(1, NOW) == 0  # both ran once already: given up
    assert {j.status for j in (jobs.get(one.id), jobs.get(two.id)) if j} == {JobStatus.FAILED}
    three = jobs.add(clinic, "count", {}, None, None, NOW)
    jobs.claim(three.id, NOW)
    jobs.progress(three.id, 0.5, "half")
    assert jobs.requeue_interrupted(3, NOW) == 1
    back = jobs.get(three.id)
    assert back is not None and back.status is JobStatus.QUEUED and back.progress == 0.5
    jobs.finish(three.id, {"ok": True}, NOW)
    done = jobs.get(three.id)
    assert done is not None and (done.status, done.result, done.percent) == (
        JobStatus.DONE, {"ok": True}, 100,
    )  # fmt: skip
