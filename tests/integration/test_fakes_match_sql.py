"""The fakes the service unit tests run on answer as the SQL adapters do: the same
repository questions on the fake tables, SQLite and PostgreSQL, with the same answers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol, cast

import numpy as np
import pytest

from kneecap.adapters.db.engine import make_engine, make_session_factory
from kneecap.adapters.db.repositories.jobs import SqlJobStore
from kneecap.adapters.db.uow import SqlUnitOfWorkFactory
from kneecap.adapters.storage.local import LocalBlobStore
from kneecap.domain.access.audit import AuditEntry
from kneecap.domain.access.roles import Actor, Role
from kneecap.domain.accounts.entities import TotpState
from kneecap.domain.care.alert_state import AlertState
from kneecap.domain.care.escalation import Trigger
from kneecap.domain.care.plan import CarePlan, PlanStatus
from kneecap.domain.clients.record import ClientDetails
from kneecap.domain.clinical import red_flags
from kneecap.domain.clinical.notes import start_note
from kneecap.domain.clinical.records import Assessment, IntakeRecord
from kneecap.domain.clinical.side import Side
from kneecap.domain.clinical.suggestions import ClinicianDecision, Decision, SuggestedAction
from kneecap.domain.jobs import JobStatus
from kneecap.domain.load.goal import PlanKind, TrainingGoal
from kneecap.domain.load.hr_samples import HrHistogram
from kneecap.domain.load.pain import PainEntry
from kneecap.domain.load.physiology import Physiology
from kneecap.domain.load.provenance import Confidence, Issue, IssueCode, SportBasis, SportCall
from kneecap.domain.load.trimp import Sex
from kneecap.domain.outcomes.responses import OutcomeResponse
from kneecap.ports.care import CareRecords, CareUnitOfWork
from kneecap.ports.clinical import ClinicalUnitOfWork
from kneecap.ports.jobs import JobRepository
from kneecap.ports.load import LoadUnitOfWork
from kneecap.ports.mail import Mail, MailUnitOfWork
from kneecap.ports.repositories import AuditQuery
from kneecap.ports.storage import BlobStore
from kneecap.services.assessments import AssessmentService
from kneecap.services.authz import Gate
from kneecap.services.caller import Caller
from kneecap.services.notify import NotifyUnitOfWork
from tests.factories import CLEAR, pfp_intake, run
from tests.fakes.clock import FixedClock
from tests.fakes.jobs import FakeJobStore
from tests.fakes.storage import FakeBlobStore
from tests.fakes.uow import FakeUnitOfWorkFactory
from tests.support.databases import FAKE_AND_DATABASES, one_database

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


class Units(Protocol):
    def __call__(self) -> LoadUnitOfWork: ...


class MailUnits(Protocol):
    def __call__(self) -> MailUnitOfWork: ...


class CareUnits(Protocol):
    def __call__(self) -> CareUnitOfWork: ...


class NotifyUnits(Protocol):
    def __call__(self) -> NotifyUnitOfWork: ...


@pytest.fixture(params=FAKE_AND_DATABASES)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Units, JobRepository]]:
    if request.param == "fake":
        yield FakeUnitOfWorkFactory(), FakeJobStore()
        return
    url = one_database(request, tmp_path, request.param)
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
        outer.clinics.by_slug("outer")  # read, not written, while another commits
        with units() as inner:
            inner.clinics.add("Inner", "inner")
            inner.commit()
        outer.clinics.add("Outer", "outer")
        outer.commit()
    with units() as uow:
        assert uow.clinics.by_slug("dropped") is None
        assert uow.clinics.by_slug("outer") is not None and uow.clinics.by_slug("inner")


def _actions(units: Units, clinic: int) -> list[tuple[str, str]]:
    with units() as uow:
        found, _ = uow.audit.query(AuditQuery(clinic))
    return [(e.action, e.outcome) for e in reversed(found)]


def test_a_kept_entry_is_written_with_the_commit_or_after_the_rollback(
    store: tuple[Units, JobRepository],
) -> None:
    """The gate keeps its denials in the caller's unit of work: they outlive its rollback,
    what else the work wrote does not."""
    units, _ = store
    clinic = _clinic(units)

    def entry(action: str, outcome: str, minute: int) -> AuditEntry:
        return AuditEntry(
            NOW + timedelta(minutes=minute), clinic, None, "cli", action, outcome, "here"
        )

    with units() as uow:  # committed: both, once
        uow.audit.append(entry("client.read", "allow", 0))
        uow.audit.keep(entry("client.update", "forbidden", 1))
        uow.commit()
    with units() as uow:  # no commit: the kept one only
        uow.audit.append(entry("client.read", "allow", 2))
        uow.clinics.add("Rolled back", "rolled-back")
        uow.audit.keep(entry("diagnosis.record", "forbidden", 3))
    with units() as uow:  # rolled back by hand, then left: still written, once
        uow.audit.keep(entry("care_plan.sign", "hidden", 4))
        uow.rollback()
    assert _actions(units, clinic) == [
        ("client.read", "allow"),
        ("client.update", "forbidden"),
        ("diagnosis.record", "forbidden"),
        ("care_plan.sign", "hidden"),
    ]
    with units() as uow:
        assert uow.clinics.by_slug("rolled-back") is None


def test_a_denial_kept_after_a_write_does_not_wait_for_that_writes_lock(
    store: tuple[Units, JobRepository],
) -> None:
    """The work that wrote and was refused gives up its lock before the denial is written,
    and the next unit of work writes at once (SQLite has one write lock)."""
    units, _ = store
    clinic = _clinic(units)
    with units() as uow:
        uow.clinics.add("Written", "written")  # holds the write lock from here
        uow.audit.keep(AuditEntry(NOW, clinic, None, "cli", "care_plan.amend", "forbidden", "x"))
    with units() as uow:
        uow.clinics.add("Next", "next")
        uow.commit()
    assert _actions(units, clinic) == [("care_plan.amend", "forbidden")]
    with units() as uow:
        assert uow.clinics.by_slug("written") is None and uow.clinics.by_slug("next")


def test_two_factor_state_belongs_to_its_user_and_a_pending_session_is_confirmed(
    store: tuple[Units, JobRepository],
) -> None:
    units, _ = store
    clinic = _clinic(units)
    with units() as uow:
        ann = uow.users.add(clinic, "ann@x.test", "Ann", Role.LMT)
        bob = uow.users.add(clinic, "bob@x.test", "Bob", Role.CHIROPRACTOR)
        assert uow.users.totp(ann.id) == TotpState() and not ann.two_factor
        uow.users.set_totp(ann.id, TotpState("SECRET", None, None))
        uow.users.set_totp(9999, TotpState("NOBODY", NOW, 1))  # no such user: nothing
        pending = uow.sessions.add(ann.id, "hash-a", "csrf", NOW, NOW + timedelta(minutes=10),
                                   "here", pending=True)  # fmt: skip
        plain = uow.sessions.add(bob.id, "hash-b", "csrf", NOW, NOW + timedelta(hours=8), "here")
        uow.clinics.set_require_two_factor(clinic, True)
        uow.commit()
    with units() as uow:
        started = uow.users.get(ann.id)
        assert started is not None and not started.two_factor  # set up, not confirmed yet
        assert uow.users.totp(ann.id) == TotpState("SECRET", None, None)
        assert uow.users.totp(9999) == TotpState()
        uow.users.set_totp(ann.id, TotpState("SECRET", NOW, 59_000_000))
        later = NOW + timedelta(hours=8)
        uow.sessions.confirm(pending.id, later)
        uow.commit()
    with units() as uow:
        confirmed, others = uow.users.by_email("ann@x.test"), uow.users.in_clinic(clinic)
        assert confirmed is not None and confirmed.two_factor
        assert [(u.name, u.two_factor) for u in others] == [("Ann", True), ("Bob", False)]
        assert uow.users.totp(ann.id) == TotpState("SECRET", NOW, 59_000_000)
        assert uow.users.totp(bob.id) == TotpState()
        a, b = uow.sessions.by_token_hash("hash-a"), uow.sessions.by_token_hash("hash-b")
        assert a is not None and (a.pending, a.expires_at) == (False, later)
        assert b is not None and (b.id, b.pending) == (plain.id, False)
        assert pending.pending
        found = uow.clinics.get(clinic)
        assert found is not None and found.require_two_factor
        uow.clinics.set_require_two_factor(clinic, False)
        uow.commit()
    with units() as uow:
        found = uow.clinics.get(clinic)
        assert found is not None and not found.require_two_factor


def test_staff_lists_leave_out_client_accounts_and_a_client_finds_its_own(
    store: tuple[Units, JobRepository],
) -> None:
    units, _ = store
    clinic, other = _clinic(units), _clinic(units, "Other")
    with units() as uow:
        record = uow.clients.add(clinic, ClientDetails("Cara Runner"))
        uow.users.add(clinic, "ann@x.test", "Ann", Role.LMT)
        uow.users.add(clinic, "cara@x.test", "Cara", Role.CLIENT, client_id=record.id)
        uow.users.add(clinic, "bob@x.test", "Bob", Role.ADMIN)
        uow.users.add(other, "dan@x.test", "Dan", Role.CHIROPRACTOR)
        uow.commit()
    with units() as uow:
        assert [u.name for u in uow.users.staff_in_clinic(clinic)] == ["Ann", "Bob"]
        assert [u.name for u in uow.users.in_clinic(clinic)] == ["Ann", "Bob", "Cara"]
        assert [u.email for u in uow.users.for_client(record.id)] == ["cara@x.test"]
        assert uow.users.for_client(record.id + 99) == []


def test_a_session_or_token_comes_with_its_user_and_clinic_in_one_lookup(
    store: tuple[Units, JobRepository],
) -> None:
    units, _ = store
    clinic = _clinic(units)
    with units() as uow:
        ann = uow.users.add(clinic, "ann@x.test", "Ann", Role.LMT)
        uow.users.set_totp(ann.id, TotpState("SECRET", NOW, 1))
        uow.clinics.set_require_two_factor(clinic, True)
        session = uow.sessions.add(ann.id, "hash-s", "csrf", NOW, NOW + timedelta(hours=1), "here")
        token = uow.tokens.add(ann.id, "script", "hash-t", "kn_abc", NOW)
        uow.commit()
    with units() as uow:
        by_session = uow.sessions.with_holder("hash-s")
        by_token = uow.tokens.with_holder("hash-t")
        user, found_clinic = uow.users.get(ann.id), uow.clinics.get(clinic)
        assert by_session == (session, user, found_clinic, "UTC")  # no zone set: the default
        assert by_token == (token, user, found_clinic, "UTC")
        assert user is not None and user.two_factor
        assert found_clinic is not None and found_clinic.require_two_factor
        assert uow.sessions.with_holder("hash-t") is None
        assert uow.tokens.with_holder("hash-s") is None


def test_a_recovery_code_is_good_once_for_its_own_user_and_a_new_set_replaces_the_old(
    store: tuple[Units, JobRepository],
) -> None:
    units, _ = store
    clinic = _clinic(units)
    with units() as uow:
        ann = uow.users.add(clinic, "ann@x.test", "Ann", Role.LMT)
        bob = uow.users.add(clinic, "bob@x.test", "Bob", Role.LMT)
        uow.recovery_codes.replace(ann.id, ["a1", "a2", "a3"], NOW)
        uow.recovery_codes.replace(bob.id, ["b1"], NOW)
        uow.commit()
    with units() as uow:
        assert uow.recovery_codes.use(ann.id, "a2", NOW) is True
        assert uow.recovery_codes.use(ann.id, "a2", NOW) is False  # good once
        assert uow.recovery_codes.use(ann.id, "b1", NOW) is False  # another user's code
        assert uow.recovery_codes.use(ann.id, "zz", NOW) is False
        uow.commit()
    with units() as uow:
        assert (uow.recovery_codes.unused(ann.id), uow.recovery_codes.unused(bob.id)) == (2, 1)
        uow.recovery_codes.use(bob.id, "b1", NOW)
    with units() as uow:  # not committed: still unused
        assert uow.recovery_codes.unused(bob.id) == 1
        uow.recovery_codes.replace(ann.id, ["a4", "a5"], NOW)
        uow.commit()
    with units() as uow:
        assert uow.recovery_codes.unused(ann.id) == 2
        assert uow.recovery_codes.use(ann.id, "a1", NOW) is False  # the old set is gone
        assert uow.recovery_codes.use(ann.id, "a5", NOW) is True
        uow.recovery_codes.replace(ann.id, [], NOW)  # two-factor sign-in turned off
        uow.commit()
    with units() as uow:
        assert uow.recovery_codes.unused(ann.id) == 0 and uow.recovery_codes.unused(bob.id) == 1


@pytest.mark.parametrize("kind", ["fake", "local"])
def test_the_stored_keys_are_listed_sorted(kind: str, tmp_path: Path) -> None:
    blobs: BlobStore = FakeBlobStore() if kind == "fake" else LocalBlobStore(tmp_path / "blobs")
    assert list(blobs.stored_keys()) == []
    for key in ("load/7/b.fit", "gait/videos/1/a.mp4", "load/7/a.fit", "gait/x.json"):
        blobs.put_bytes(key, b"x")
    blobs.delete("gait/x.json")
    assert list(blobs.stored_keys()) == ["gait/videos/1/a.mp4", "load/7/a.fit", "load/7/b.fit"]


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


def test_a_page_past_the_end_of_the_client_list_still_counts_the_clients(
    store: tuple[Units, JobRepository],
) -> None:
    units, _ = store
    clinic, empty = _clinic(units), _clinic(units, "Beta")
    with units() as uow:
        for name in ("Al", "Bea", "Cy"):
            uow.clients.add(clinic, ClientDetails(name))
        uow.commit()
    with units() as uow:
        page, total = uow.clients.search(clinic, limit=2, offset=2)
        assert [c.name for c in page] == ["Cy"] and total == 3
        assert uow.clients.search(clinic, limit=2, offset=3) == ([], 3)
        assert uow.clients.search(empty) == ([], 0)


class ClinicalUnits(Protocol):
    def __call__(self) -> ClinicalUnitOfWork: ...


def test_open_flagged_intakes_are_the_newest_unanswered_ones_with_their_records(
    store: tuple[Units, JobRepository],
) -> None:
    units = cast(ClinicalUnits, store[0])
    clinic, other = _clinic(cast(Units, units)), _clinic(cast(Units, units), "Beta")
    answers = pfp_intake()

    def intake(client_id: int, at: datetime) -> IntakeRecord:
        return IntakeRecord(client_id, answers.intake, answers.symptoms, None, None, "lmt", at)

    def examined(client_id: int, at: datetime, rule_id: str) -> None:
        note = start_note(
            author_id=str(chiro.id), author_name="Chiro", author_role=Role.CHIROPRACTOR, now=at
        )
        a = uow.clinical.add_assessment(
            Assessment(clinic, client_id, Side.RIGHT, answers.intake, answers.symptoms, note)
        )
        assert a.id is not None
        decision = ClinicianDecision(
            rule_id, SuggestedAction.URGENT_REFERRAL, Decision.ACCEPTED, str(chiro.id), at
        )
        uow.clinical.add_decision(a.id, decision)

    with units() as uow:
        chiro = uow.users.add(clinic, "chiro@x.test", "Chiro", Role.CHIROPRACTOR)
        ids = {
            n: uow.clients.add(clinic, ClientDetails(n)).id for n in ["Ann", "Bo", "Cy", "Di", "Ed"]
        }
        gus = uow.clients.add(other, ClientDetails("Gus")).id
        uow.users.add(clinic, "ann@x.test", "Ann", Role.CLIENT, client_id=ids["Ann"])
        uow.clinical.add_intake(clinic, intake(ids["Ann"], NOW), red_flag=True)
        uow.clinical.add_intake(clinic, intake(ids["Bo"], NOW - timedelta(days=9)), red_flag=True)
        uow.clinical.add_intake(clinic, intake(ids["Bo"], NOW), red_flag=False)
        for name in ("Cy", "Di", "Ed"):
            uow.clinical.add_intake(clinic, intake(ids[name], NOW), red_flag=True)
        uow.clinical.add_intake(other, intake(gus, NOW), red_flag=True)
        examined(ids["Cy"], NOW + timedelta(hours=1), red_flags.RULE_ID)  # answered since
        examined(ids["Di"], NOW - timedelta(days=1), red_flags.RULE_ID)  # answered before it
        examined(ids["Ed"], NOW + timedelta(hours=1), "other_rule")  # another suggestion
        uow.commit()
    with units() as uow:
        found = {
            record.name: (rec, record)
            for rec, record in uow.clinical.open_flagged_intakes(clinic, red_flags.RULE_ID)
        }
        # Bo's newest intake, stored as raising none, takes Bo off (not the older flagged one)
        assert sorted(found) == ["Ann", "Di", "Ed"]
        for name, (rec, record) in found.items():
            assert rec.client_id == ids[name] and rec.recorded_at == NOW
            assert record == uow.clients.get(ids[name])
        assert found["Ann"][1].user_id is not None


def test_the_red_flag_panel_counts_and_shows_the_newest_of_the_full_list(
    store: tuple[Units, JobRepository],
) -> None:
    units = cast(ClinicalUnits, store[0])
    clinic = _clinic(cast(Units, units))
    clock = FixedClock(NOW)
    service = AssessmentService(cast(Any, units), Gate(clock), clock)
    plain = pfp_intake()
    night = replace(plain.symptoms, red_flags=replace(CLEAR, night_pain=True))
    flagged = replace(plain, symptoms=night)
    with units() as uow:
        lmt_id = uow.users.add(clinic, "lmt@x.test", "Lmt", Role.LMT).id
        ids = [uow.clients.add(clinic, ClientDetails(f"C{n:02}")).id for n in range(16)]
        uow.commit()
    lmt = Caller(Actor(lmt_id, clinic, Role.LMT, "Lmt"), "test")
    for n, client_id in enumerate(ids):
        if n % 4 == 0:
            clock.advance(minutes=1)  # four at each instant: the ties are ordered by id
        service.record_intake(lmt, client_id, plain if n % 5 == 3 else flagged)
    clock.advance(minutes=1)
    service.record_intake(lmt, ids[0], plain)  # a newer intake without the flag supersedes
    everyone = service.red_flags_in_clinic(lmt)
    total, shown = service.red_flags_panel(lmt, 10)
    assert total == len(everyone) == 16 - 3 - 1
    assert [f.intake.id for f in shown] == [f.intake.id for f in everyone[:10]]
    assert [f.flags for f in shown] == [f.flags for f in everyone[:10]]
    assert service.red_flags_panel(lmt, 50)[1] == everyone


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
        assert uow.audit.query(AuditQuery(clinic, action_prefix="Client"))[1] == 0  # case counts
        # past the count's cap the page is read another way: the same entries
        capped, total = uow.audit.query(AuditQuery(clinic, action_prefix="client", count_cap=2))
        assert total == 2 and [e.at.minute for e in capped] == [2, 1, 0]


def test_the_audit_log_pages_from_an_entry_and_counts_up_to_a_cap(
    store: tuple[Units, JobRepository],
) -> None:
    units, _ = store
    clinic, other = _clinic(units), _clinic(units, "Beta")
    with units() as uow:
        # two entries share a time: the id orders them, so no page skips or repeats one
        for minutes in (0, 1, 2, 2, 3, 4):
            at = NOW + timedelta(minutes=minutes)
            uow.audit.append(AuditEntry(at, clinic, None, "cli", "client.read", "allow", "here"))
        uow.audit.append(AuditEntry(NOW, other, None, "cli", "client.read", "allow", "there"))
        uow.commit()
    with units() as uow:
        newest, total = uow.audit.query(AuditQuery(clinic, limit=2, count_cap=4))
        assert total == 4  # stopped at the cap
        ids = [e.id for e in newest]
        older, _ = uow.audit.query(AuditQuery(clinic, limit=2, before=ids[-1]))
        oldest, _ = uow.audit.query(AuditQuery(clinic, limit=2, before=older[-1].id))
        pages = [newest, older, oldest]
        assert [[e.at.minute for e in p] for p in pages] == [[4, 3], [2, 2], [1, 0]]
        assert len({e.id for p in pages for e in p}) == 6
        back, _ = uow.audit.query(AuditQuery(clinic, limit=2, after=oldest[0].id))
        assert [e.id for e in back] == [e.id for e in older]  # newer, still newest first
        foreign = next(e.id for e in uow.audit.query(AuditQuery(other))[0])
        assert uow.audit.query(AuditQuery(clinic, before=foreign))[0] == []
        assert uow.audit.query(AuditQuery(clinic, count_cap=0))[1] == 0


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


def test_a_copy_seconds_apart_is_one_session_and_what_a_reader_knew_is_kept(
    store: tuple[Units, JobRepository],
) -> None:
    units, _ = store
    clinic = _clinic(units)
    with units() as uow:
        a = uow.clients.add(clinic, ClientDetails("A"))
        uow.commit()
    watch = replace(run(date(2026, 2, 1), 10, 50), start=datetime(2026, 2, 1, 5, 5, 52, tzinfo=UTC))
    guess = SportCall(SportBasis.INFERRED, Confidence.LOW, "a run or a ride?", True)
    hist = HrHistogram(140, np.array([60.0, 120.0, 30.0]))
    issue = Issue(IssueCode.CUT_AT_DAMAGE, "cut at a jump", False)
    watch = replace(watch, sport_call=guess, hr_seconds=hist, issues=(issue,))
    # the same run from Strava, 9 s later and 150 m shorter, named and with its shoes
    strava = replace(watch, start=datetime(2026, 2, 1, 5, 6, 1, tzinfo=UTC), distance_m=9850.0,
                     name="Morning run", gear="Pegasus", hr_seconds=None,
                     sport_call=SportCall.export("Strava", "Run"), issues=())  # fmt: skip
    with units() as uow:
        assert uow.activities.add_many(clinic, a.id, [watch], NOW) == 1
        uow.commit()
    with units() as uow:
        assert uow.activities.add_many(clinic, a.id, [strava], NOW) == 0  # a later upload
        uow.commit()
    with units() as uow:
        (stored,) = uow.activities.list(a.id)
        got = stored.activity
        assert (got.name, got.gear, got.sport_call.basis) == ("Morning run", "Pegasus",
                                                              SportBasis.EXPORT)  # fmt: skip
        assert got.issues == (issue,) and got.hr_seconds is not None
        assert got.hr_seconds.first_bpm == 140 and list(got.hr_seconds.seconds) == [60, 120, 30]
        assert uow.activities.to_confirm(a.id) == []  # the export settled the sport
        uow.activities.replace(replace(stored, activity=replace(got, sport_call=guess)))
        assert [s.id for s in uow.activities.to_confirm(a.id)] == [stored.id]
        assert uow.activities.get(a.id + 1, stored.id) is None  # another client's id
        assert uow.physiology.get(a.id) == Physiology()
        uow.physiology.put(clinic, a.id, Physiology(Sex.MALE, 188.0, 48.0), None, NOW)
        uow.commit()
    with units() as uow:
        assert uow.physiology.get(a.id) == Physiology(Sex.MALE, 188.0, 48.0)


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
    assert list(jobs.requeue_interrupted(1, NOW)) == []  # both ran once already: given up
    assert {j.status for j in (jobs.get(one.id), jobs.get(two.id)) if j} == {JobStatus.FAILED}
    three = jobs.add(clinic, "count", {}, None, None, NOW)
    jobs.claim(three.id, NOW)
    jobs.progress(three.id, 0.5, "half")
    assert list(jobs.requeue_interrupted(3, NOW)) == [three.id]
    back = jobs.get(three.id)
    assert back is not None and back.status is JobStatus.QUEUED and back.progress == 0.5
    jobs.finish(three.id, {"ok": True}, NOW)
    done = jobs.get(three.id)
    assert done is not None and (done.status, done.result, done.percent) == (
        JobStatus.DONE, {"ok": True}, 100,
    )  # fmt: skip


def test_a_lease_keeps_a_running_job_until_it_expires_and_only_its_holder_finishes_it(
    store: tuple[Units, JobRepository],
) -> None:
    from datetime import timedelta

    units, jobs = store
    clinic = _clinic(units)
    job = jobs.add(clinic, "count", {}, None, None, NOW)
    lease = timedelta(seconds=30)
    assert jobs.claim(job.id, NOW, "worker-a", NOW + lease) is not None
    assert list(jobs.requeue_interrupted(3, NOW + lease / 2)) == []  # its worker is alive
    assert jobs.renew(job.id, "worker-a", NOW + 2 * lease)
    assert not jobs.renew(job.id, "worker-b", NOW + 3 * lease)  # not b's to renew
    assert list(jobs.requeue_interrupted(3, NOW + lease + lease / 2)) == []  # renewed
    # worker-a dies: its lease runs out, the job goes back once and b takes it
    later = NOW + 3 * lease
    assert list(jobs.requeue_interrupted(3, later)) == [job.id]
    assert list(jobs.requeue_interrupted(3, later)) == []  # to one sweeper only
    assert jobs.claim(job.id, later, "worker-b", later + lease) is not None
    assert not jobs.renew(job.id, "worker-a", later + lease)
    jobs.finish(job.id, {"by": "a"}, later, "worker-a")  # a stale finish changes nothing
    seen = jobs.get(job.id)
    assert seen is not None and seen.status is JobStatus.RUNNING and seen.attempts == 2
    jobs.finish(job.id, {"by": "b"}, later, "worker-b")
    done = jobs.get(job.id)
    assert done is not None and (done.status, done.result) == (JobStatus.DONE, {"by": "b"})


def test_a_scheduled_tick_is_taken_once(store: tuple[Units, JobRepository]) -> None:
    _units, jobs = store
    assert jobs.take_tick("escalation", "489", "worker-a", NOW)
    assert not jobs.take_tick("escalation", "489", "worker-b", NOW)
    assert jobs.take_tick("escalation", "490", "worker-b", NOW)
    assert jobs.take_tick("reminders", "489", "worker-b", NOW)


def test_a_mail_is_claimed_once_and_one_a_stop_left_behind_is_found(
    store: tuple[Units, JobRepository],
) -> None:
    units = cast(MailUnits, store[0])
    clinic = _clinic(cast(Units, units))
    with units() as uow:
        ids = [
            m.id
            for k in ("a", "b", "c")
            if (m := uow.outbox.add(Mail(0, clinic, k, "t", "to@x.test", "S", "B", NOW)))
        ]
        uow.outbox.attach_job(ids[1], 41)
        uow.commit()
    later = NOW + timedelta(minutes=1)
    with units() as uow:
        assert [m.id for m in uow.outbox.orphans(later)] == [ids[0], ids[2]]
        assert uow.outbox.orphans(NOW) == []
        assert uow.outbox.claim(ids[0], NOW) and not uow.outbox.claim(ids[0], NOW)
        uow.commit()
    with units() as uow:
        assert [m.id for m in uow.outbox.orphans(later)] == [ids[2]]
        kept = uow.outbox.get(ids[0])
        assert kept is not None and kept.status == "sending" and kept.claimed_at == NOW
        assert uow.outbox.fail_stalled(NOW, "stopped") == 0
        assert uow.outbox.fail_stalled(later, "stopped") == 1
        uow.commit()
    with units() as uow:
        failed = uow.outbox.get(ids[0])
        assert failed is not None and (failed.status, failed.attempts) == ("failed", 1)
        assert [m.id for m in uow.outbox.retryable(5)] == [ids[0]]
        attached = uow.outbox.get(ids[1])
        assert attached is not None and attached.job_id == 41


def test_stored_alerts_answer_newest_first_and_by_due_day_within_their_clinic(
    store: tuple[Units, JobRepository],
) -> None:
    clinic, other = _clinic(store[0]), _clinic(store[0], "Beta")
    units = cast(CareUnits, store[0])
    day = NOW.date()
    with units() as uow:
        ids = [uow.clients.add(clinic, ClientDetails(f"R{n}")).id for n in range(4)]
        elsewhere = uow.clients.add(other, ClientDetails("Elsewhere")).id
        uow.commit()
    a, b, c, d = ids
    states = [
        AlertState(a, Trigger.WORSENING, day, day + timedelta(days=3), "6w/6w/akps"),
        AlertState(b, Trigger.RED_FLAG, day + timedelta(days=1), None, "6w/6w/akps"),
        AlertState(c, None, None, day, "6w/6w/akps"),
        AlertState(d, Trigger.MEASURES_DUE, day, None, "4w/4w/akps"),
    ]
    with units() as uow:
        uow.alerts.put(clinic, states)
        uow.alerts.put(other, [AlertState(elsewhere, Trigger.RED_FLAG, day, day, "6w/6w/akps")])
        uow.commit()
    with units() as uow:  # a second put replaces the first
        uow.alerts.put(clinic, [replace(states[2], due_on=day + timedelta(days=1))])
        uow.commit()
    with units() as uow:
        assert uow.alerts.get(a) == states[0] and uow.alerts.get(elsewhere + 1) is None
        total, newest = uow.alerts.open_in(clinic, 2)
        assert total == 3 and [s.client_id for s in newest] == [b, d]  # same day: higher id
        assert [s.client_id for s in uow.alerts.open_in(clinic)[1]] == [b, d, a]
        assert uow.alerts.open_in(clinic + other + 1) == (0, [])
        assert [s.client_id for s in uow.alerts.due(clinic, day + timedelta(days=1))] == [c]
        assert [s.client_id for s in uow.alerts.due(clinic, day + timedelta(days=3))] == [a, c]
        assert [s.client_id for s in uow.alerts.other_policy(clinic, "6w/6w/akps")] == [d]
        assert uow.care.care_of([]) == uow.care.care_of([a]) == CareRecords()


def test_outcome_dates_are_read_for_clients_in_care_and_mail_keys_found_together(
    store: tuple[Units, JobRepository],
) -> None:
    units = cast(NotifyUnits, store[0])
    clinic, other = _clinic(store[0]), _clinic(store[0], "Beta")
    day = date(2026, 3, 2)
    with units() as uow:
        chiro = uow.users.add(clinic, "dc@x.test", "Dee Chiro", Role.CHIROPRACTOR)
        far = uow.users.add(other, "dc@y.test", "Far Chiro", Role.CHIROPRACTOR)
        signed, draft, unmeasured = (
            uow.clients.add(clinic, ClientDetails(n)) for n in ("Signed", "Draft", "Unmeasured")
        )
        elsewhere = uow.clients.add(other, ClientDetails("Elsewhere"))
        for owner, who, record, status in (
            (clinic, chiro, signed, PlanStatus.SIGNED),
            (clinic, chiro, draft, PlanStatus.DRAFT),
            (clinic, chiro, unmeasured, PlanStatus.SIGNED),
            (other, far, elsewhere, PlanStatus.SIGNED),
        ):
            plan = CarePlan(0, record.id, str(who.id), Role.CHIROPRACTOR, NOW, day, status=status)
            uow.care.add_plan(owner, plan)
        # Recorded out of date order: the answer is oldest first all the same.
        for owner, record, on in (
            (clinic, signed, day + timedelta(days=21)),
            (clinic, signed, day),
            (clinic, draft, day),
            (other, elsewhere, day),
        ):
            response = OutcomeResponse(None, record.id, "akps", on, {"akps": 70.0}, {})
            uow.care.add_outcome(owner, replace(response, recorded_at=NOW))
        for key in ("questionnaire.due:1:a", "questionnaire.due:2:b"):
            uow.outbox.add(Mail(0, clinic, key, "t", "to@x.test", "S", "B", NOW))
        uow.commit()
    with units() as uow:
        dates = uow.care.outcome_dates_in_care(clinic)
        assert {k: list(v) for k, v in dates.items()} == {
            signed.id: [day, day + timedelta(days=21)]
        }
        asked = ["questionnaire.due:2:b", "questionnaire.due:3:c", "questionnaire.due:1:a"]
        assert uow.outbox.present(asked) == {"questionnaire.due:1:a", "questionnaire.due:2:b"}
        assert uow.outbox.present([]) == set()
