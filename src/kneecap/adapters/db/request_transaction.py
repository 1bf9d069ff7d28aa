"""One transaction for all the units of work of one read request (GET, HEAD).

A page such as the dashboard reads through several services, each in a unit of work of its
own; each used to be a session, a pooled connection (with its pre-ping), a COMMIT for its audit
entry and a ROLLBACK on its way back to the pool. Within a request transaction the units of
work share one session: a unit of work's `commit()` hands its audit entries to the request and
flushes what it changed, and the request inserts every entry in one statement and COMMITs once,
before the first byte of the response leaves (web/transaction.py). A response the client
receives therefore has its audit rows committed, as with one COMMIT per unit of work, and a
crash before that COMMIT loses only a response nobody received.

A unit of work that fails inside the request undoes only its own work: when the transaction
holds no rows of earlier units of work (only audit entries, which wait in memory) a full
ROLLBACK does it; once a unit of work has written, each later one runs inside a SAVEPOINT, so a
read request that writes nothing pays no SAVEPOINT. Entries the gate keeps (denials) outlive a
failed unit of work, as they do outside a request.

When the request fails (an exception leaves the app before a response began), its writes roll
back with the audit entries of the units of work that made them (the log must not name a change
that never happened, nor a row that is gone), and the entries of the units of work that only
read, and any denials, are written after the rollback in a transaction of their own: those
reads happened, and the log says so, as it did when each read committed on its own.

Until that COMMIT nothing a unit of work wrote is seen by other connections: work that must
follow a durable write (a job handed to a queue, a mail) belongs to requests that change
something (POST and the like), whose units of work commit each as they end.

A unit of work runs on its own session, as outside a request, when another unit of work of the
request is still open (nested, or on another thread), once the response has begun (streamed
bodies, background tasks), or on another database.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any
from weakref import WeakSet

from sqlalchemy import Connection, Engine, event
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction, sessionmaker

from kneecap.adapters.db import reads_outside
from kneecap.adapters.db.repositories.audit import AUDIT_TABLE, SqlAudit, insert_entries
from kneecap.domain.access.audit import AuditEntry

_current: ContextVar[RequestTransaction | None] = ContextVar(
    "kneecap_request_transaction", default=None
)


def current() -> RequestTransaction | None:
    return _current.get()


class Block:
    """A unit of work's place in the request transaction."""

    __slots__ = ("inserted", "savepoint", "writes")

    def __init__(self, writes: int, inserted: int, savepoint: SessionTransaction | None) -> None:
        self.writes = writes  # the transaction's write count when the unit of work began
        self.inserted = inserted  # and how many audit entries it held
        self.savepoint = savepoint


class RequestTransaction:
    def __init__(self, factory: sessionmaker[Session]) -> None:
        _watch(factory)
        self.factory = factory
        self.open = True  # False once the response began or the request failed
        self.commits = 0  # COMMITs it made (one; counted for the tests)
        self._session: Session | None = None
        self._busy = False
        self._lock = threading.Lock()
        self._entries: list[AuditEntry] = []  # of units of work that committed, and denials
        self._of_writes: set[int] = set()  # which of them (by place) come with a write
        self._inserted = 0  # how many of them the transaction holds already
        self._writes = 0  # statements that changed rows other than audit entries

    # -- units of work ------------------------------------------------------------------------

    def claim(self, factory: sessionmaker[Session]) -> Session | None:
        """The shared session for a unit of work, or None: it runs on its own."""
        with self._lock:
            if not self.open or self._busy or factory is not self.factory:
                return None
            self._busy = True
        if self._session is None:
            self._session = self.factory(info={_KEY: self})
        return self._session

    def begin(self) -> Block:
        """Once the transaction holds writes, a unit of work that fails must undo only its
        own: it runs in a SAVEPOINT."""
        try:
            return Block(self._writes, self._inserted, self._savepoint())
        except BaseException:
            self._busy = False
            raise

    def commit(self, block: Block, audit: SqlAudit) -> None:
        """What the unit of work did so far stays (it may go on, and commit again)."""
        assert self._session is not None
        self._session.flush()
        if self._writes != block.writes:
            start = len(self._entries)
            self._of_writes.update(range(start, start + len(audit.pending)))
        self._entries += audit.pending
        self._entries += audit.kept
        audit.pending.clear()
        audit.kept.clear()
        if block.savepoint is not None:
            block.savepoint.commit()  # RELEASE SAVEPOINT
        block.writes, block.inserted = self._writes, self._inserted
        block.savepoint = self._savepoint()  # for what it does after this commit

    def end(self, block: Block, failed: bool, audit: SqlAudit) -> None:
        """The unit of work's `with` block ended: what it changed since its last commit goes,
        with the entries it appended since (those it kept stay)."""
        s = self._session
        assert s is not None
        try:
            # A failed statement leaves a PostgreSQL transaction unusable: roll back after any
            # exception, not only after writes.
            unflushed = bool(s.new or s.dirty or s.deleted)
            changed = failed or unflushed or self._writes != block.writes
            if block.savepoint is not None:
                if changed:
                    block.savepoint.rollback()
                    # entries a query inserted since then went with it: in again later
                    self._inserted = min(self._inserted, block.inserted)
                else:
                    block.savepoint.commit()
            elif changed:
                s.rollback()  # the transaction held nothing but reads before this block
                self._writes = 0
                self._inserted = 0  # the entries wait in memory; inserted again at the end
            audit.pending.clear()
            self._entries += audit.kept
            audit.kept.clear()
        finally:
            self._busy = False

    def _savepoint(self) -> SessionTransaction | None:
        assert self._session is not None
        return self._session.begin_nested() if self._writes else None

    def insert_waiting(self, pending: list[AuditEntry]) -> None:
        """A query of the audit log sees the request's entries: they go in now. The querying
        unit of work's own entries count from here as the request's."""
        assert self._session is not None
        self._entries += pending
        pending.clear()
        self._insert(self._session)

    # -- the request --------------------------------------------------------------------------

    def finish(self) -> None:
        """The response is about to begin: every entry in, one COMMIT."""
        with self._lock:
            self.open = False
        s = self._session
        if s is None:
            return
        try:
            with reads_outside.closing_insert():
                self._insert(s)
            s.commit()
            self.commits += 1
        except BaseException:
            s.rollback()
            raise
        finally:
            s.close()

    def fail(self) -> None:
        """The request failed before its response began: its writes go, its entries stay."""
        with self._lock:
            was_open, self.open = self.open, False
        s = self._session
        if s is None or not was_open:
            return
        try:
            s.rollback()
            self._entries = [e for n, e in enumerate(self._entries) if n not in self._of_writes]
            self._inserted = 0
            if self._entries:
                with reads_outside.closing_insert():
                    self._insert(s)
                s.commit()
                self.commits += 1
        finally:
            s.close()

    def wrote(self) -> None:
        self._writes += 1

    def _insert(self, s: Session) -> None:
        waiting = self._entries[self._inserted :]
        if waiting:
            insert_entries(s, waiting)
            self._inserted = len(self._entries)


# Writes are counted by listeners on the session factory, set once per factory (listening on
# each request's session costs more than the rest of its set-up).
_KEY = "kneecap_request"
_watched: WeakSet[sessionmaker[Session]] = WeakSet()


def _watch(factory: sessionmaker[Session]) -> None:
    if factory not in _watched:
        _watched.add(factory)
        event.listen(factory, "after_flush", _flushed)
        event.listen(factory, "do_orm_execute", _executed)
        event.listen(factory, "after_begin", _began)
        bind = factory.kw.get("bind")
        if isinstance(bind, Engine):
            reads_outside.watch(bind)


def _began(session: Session, _transaction: SessionTransaction, connection: Connection) -> None:
    if session.info.get(_KEY) is not None:
        reads_outside.start(connection)


def _flushed(session: Session, *_a: Any) -> None:
    request = session.info.get(_KEY)
    if request is not None:
        request.wrote()


def _executed(state: ORMExecuteState) -> None:
    request = state.session.info.get(_KEY)
    if request is not None and (state.is_insert or state.is_update or state.is_delete):
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) != AUDIT_TABLE.name:
            request.wrote()


@contextmanager
def request_transaction(factory: sessionmaker[Session]) -> Iterator[RequestTransaction]:
    """Units of work begun inside the block (in this context) share one transaction. The
    caller ends it: `finish()` before the response, `fail()` when the request failed."""
    transaction = RequestTransaction(factory)
    token = _current.set(transaction)
    try:
        yield transaction
    finally:
        _current.reset(token)
        transaction.fail()  # a no-op once finished; closes the session otherwise
