"""Audit entries go in as one INSERT just before the unit of work commits: a committed read is
audited, rolled-back work takes its own entries with it but never a kept denial, and a query of
the log in the same unit of work already sees the entries it appended."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import event

from kneecap.bootstrap import Container
from kneecap.domain.access.audit import AuditEntry
from kneecap.ports.repositories import AuditQuery
from tests.factories import make_world


def _entry(clinic_id: int, action: str, outcome: str = "allow") -> AuditEntry:
    return AuditEntry(datetime.now(UTC), clinic_id, None, "test", action, outcome, "127.0.0.1")


def _actions(c: Container, clinic_id: int) -> list[str]:
    with c.uow_factory() as uow:
        entries, _ = uow.audit.query(AuditQuery(clinic_id=clinic_id, action_prefix="test."))
    return sorted(e.action for e in entries)


def test_a_committed_read_is_in_the_log(container: Container) -> None:
    world = make_world(container)
    lmt = world.a.caller("lmt")
    container.clients.list(lmt)
    with container.uow_factory() as uow:
        entries, _ = uow.audit.query(AuditQuery(clinic_id=world.a.clinic_id))
    assert any(e.actor_user_id == lmt.actor.user_id for e in entries)


def test_entries_of_a_block_are_one_insert_before_commit(container: Container) -> None:
    clinic_id = make_world(container).a.clinic_id
    inserts: list[str] = []

    def count(_c: object, _cur: object, statement: str, *_a: object) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO AUDIT_LOG"):
            inserts.append(statement)

    event.listen(container.engine, "before_cursor_execute", count)
    try:
        with container.uow_factory() as uow:
            for n in range(3):
                uow.audit.append(_entry(clinic_id, f"test.read{n}"))
            uow.commit()
    finally:
        event.remove(container.engine, "before_cursor_execute", count)
    assert len(inserts) == 1
    assert _actions(container, clinic_id) == ["test.read0", "test.read1", "test.read2"]


def test_rolled_back_work_drops_its_entries_but_keeps_a_denial(container: Container) -> None:
    clinic_id = make_world(container).a.clinic_id
    with pytest.raises(RuntimeError), container.uow_factory() as uow:
        uow.audit.append(_entry(clinic_id, "test.allowed"))
        uow.audit.keep(_entry(clinic_id, "test.denied", "forbidden"))
        raise RuntimeError("the work failed")
    assert _actions(container, clinic_id) == ["test.denied"]


def test_a_query_in_the_same_block_sees_what_it_appended(container: Container) -> None:
    clinic_id = make_world(container).a.clinic_id
    with container.uow_factory() as uow:
        uow.audit.append(_entry(clinic_id, "test.pending"))
        entries, total = uow.audit.query(AuditQuery(clinic_id=clinic_id, action_prefix="test."))
        assert [e.action for e in entries] == ["test.pending"] and total == 1
        uow.commit()
    assert _actions(container, clinic_id) == ["test.pending"]
