"""The scheduling and outbox fakes answer as the SQL adapters do, on the fakes, SQLite and
PostgreSQL: overlapping bookings of one practitioner refused, a cancelled one's time free,
reminders marked once, an outbox key kept once and a failed mail requeued once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Protocol

import pytest

from kneecap.adapters.db.engine import make_engine, make_session_factory
from kneecap.adapters.db.uow import SqlUnitOfWorkFactory
from kneecap.domain.access.roles import Role
from kneecap.domain.clients.record import ClientDetails
from kneecap.domain.schedule.appointments import Appointment, ClinicRules, State
from kneecap.domain.schedule.errors import SlotTaken
from kneecap.domain.schedule.hours import HoursBlock
from kneecap.domain.schedule.kinds import AppointmentKind, Mode
from kneecap.ports.mail import Mail
from kneecap.services.notify import NotifyUnitOfWork
from tests.fakes.uow import FakeUnitOfWorkFactory
from tests.support.databases import FAKE_AND_DATABASES, one_database

AT = datetime(2026, 3, 9, 10, tzinfo=UTC)


class Units(Protocol):
    def __call__(self) -> NotifyUnitOfWork: ...


@pytest.fixture(params=FAKE_AND_DATABASES)
def units(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Units]:
    if request.param == "fake":
        yield FakeUnitOfWorkFactory()
        return
    url = one_database(request, tmp_path, request.param)
    engine = make_engine(url)
    yield SqlUnitOfWorkFactory(make_session_factory(engine))
    engine.dispose()


def _cast(units: Units) -> tuple[int, int, int]:
    with units() as uow:
        clinic = uow.clinics.add("Alpha", "alpha")
        user = uow.users.add(clinic.id, "lmt@a.test", "L", Role.LMT)
        client = uow.clients.add(clinic.id, ClientDetails(name="R"))
        uow.commit()
    return clinic.id, user.id, client.id


def _visit(clinic: int, lmt: int, client: int, start: datetime, minutes: int) -> Appointment:
    return Appointment(
        0, clinic, lmt, client, AppointmentKind.FOLLOW_UP, Mode.IN_PERSON,
        start, start + timedelta(minutes=minutes),
    )  # fmt: skip


def test_overlaps_are_refused_and_a_cancelled_time_is_free(units: Units) -> None:
    clinic, lmt, client = _cast(units)
    with units() as uow:
        first = uow.schedule.add(_visit(clinic, lmt, client, AT, 30))
        uow.commit()
    with units() as uow, pytest.raises(SlotTaken):
        uow.schedule.add(_visit(clinic, lmt, client, AT + timedelta(minutes=25), 30))
    with units() as uow:
        uow.schedule.add(_visit(clinic, lmt, client, AT + timedelta(minutes=30), 30))
        uow.schedule.update(Appointment(**{**first.__dict__, "state": State.CANCELLED}))
        uow.commit()
    with units() as uow:
        uow.schedule.add(_visit(clinic, lmt, client, AT - timedelta(minutes=10), 40))
        uow.commit()
        found = uow.schedule.between(clinic, AT - timedelta(hours=1), AT + timedelta(hours=1))
        assert [a.starts_at.minute for a in found] == [50, 30]


def test_settings_hours_and_reminders_round_trip(units: Units) -> None:
    clinic, lmt, client = _cast(units)
    with units() as uow:
        assert uow.schedule.rules(clinic) == ClinicRules()
        rules = ClinicRules("Europe/London", timedelta(hours=12), timedelta(hours=2))
        uow.schedule.set_rules(clinic, rules)
        uow.schedule.set_hours(clinic, lmt, [HoursBlock(1, time(13), time(17)),
                                             HoursBlock(0, time(9), time(12))])  # fmt: skip
        visit = uow.schedule.add(_visit(clinic, lmt, client, AT, 30))
        uow.commit()
    with units() as uow:
        assert uow.schedule.rules(clinic) == rules
        assert [b.weekday for b in uow.schedule.hours(lmt)] == [0, 1]
        due = uow.schedule.due_reminders(AT - timedelta(days=1), AT + timedelta(minutes=1))
        assert [a.id for a in due] == [visit.id]
        assert uow.schedule.mark_reminded(visit.id, AT) is True
        assert uow.schedule.mark_reminded(visit.id, AT) is False
        uow.commit()
    with units() as uow:
        assert uow.schedule.due_reminders(AT - timedelta(days=1), AT + timedelta(days=1)) == []


def test_an_outbox_key_is_kept_once_and_a_failed_mail_requeued_once(units: Units) -> None:
    clinic, _, _ = _cast(units)
    mail = Mail(0, clinic, "k:1", "message.new", "a@b.test", "S", "B", AT)
    with units() as uow:
        stored = uow.outbox.add(mail)
        assert stored is not None
        assert uow.outbox.add(mail) is None
        uow.outbox.update(Mail(**{**stored.__dict__, "status": "failed", "attempts": 1}))
        uow.commit()
    with units() as uow:
        assert [m.id for m in uow.outbox.retryable(5)] == [stored.id]
        assert uow.outbox.retryable(1) == []
        assert uow.outbox.requeue(stored.id) is True
        assert uow.outbox.requeue(stored.id) is False
        uow.commit()
    with units() as uow:
        (kept,) = uow.outbox.recent(clinic)
        assert kept.status == "queued" and kept.attempts == 1
