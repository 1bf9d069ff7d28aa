"""A read request's plain reads on PostgreSQL run outside a transaction: no BEGIN, no COMMIT.

On the dashboard BEGIN and COMMIT were two round trips of eight (bench/request_profile.py).
At PostgreSQL's READ COMMITTED each statement sees its own snapshot inside a transaction or
out, so a plain SELECT reads the same either way. The request transaction's connection is put
in the driver's autocommit mode when it begins; the first statement that is not a plain read
(a write, a SAVEPOINT, a SELECT that locks, or one taking a transaction's advisory lock) turns
it back, before it runs, so the driver begins a transaction there and every write keeps its
transaction, its savepoints and its rollback as before. The request's closing audit INSERT,
when nothing came before it but plain reads, is its own transaction: committed when the
statement returns, so still before the response begins (request_transaction.py); with a write
before it, it joins that write's transaction and its COMMIT. A connection goes back to the pool
as it came out of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Connection, Engine, event

_OUTSIDE = "kneecap_reads_outside"  # on the pooled connection's info while in autocommit
_closing: ContextVar[bool] = ContextVar("kneecap_closing_insert", default=False)

# What makes a SELECT more than a read: row locks, and the advisory locks a transaction holds
# (texts.py), which autocommit would release at once.
_NOT_PLAIN = (" FOR UPDATE", " FOR SHARE", " FOR NO KEY UPDATE", " FOR KEY SHARE", "advisory")


def plain_read(statement: str) -> bool:
    return statement.startswith("SELECT") and not any(t in statement for t in _NOT_PLAIN)


def watch(engine: Engine) -> None:
    """Once per engine: statements turn a connection back to transactions where they must,
    and the pool gets it back as it gave it."""
    if engine.dialect.name != "postgresql" or event.contains(
        engine, "before_cursor_execute", _before_statement
    ):
        return
    event.listen(engine, "before_cursor_execute", _before_statement)
    event.listen(engine.pool, "checkin", _checkin)


def start(connection: Connection) -> None:
    """The request transaction's connection, before its first statement: reads outside."""
    # Only where each statement reads its own snapshot anyway: a server whose transactions
    # default to REPEATABLE READ or SERIALIZABLE keeps its reads inside one.
    if connection.dialect.name != "postgresql" or (
        connection.dialect.default_isolation_level != "READ COMMITTED"
        or "isolation_level" in connection.get_execution_options()
    ):
        return
    dbapi = connection.connection.dbapi_connection
    if dbapi is None or dbapi.autocommit or dbapi.info.transaction_status != 0:  # 0: idle
        return
    dbapi.autocommit = True
    connection.info[_OUTSIDE] = True


@contextmanager
def closing_insert() -> Iterator[None]:
    """The request's last statement before its COMMIT may run on its own."""
    token = _closing.set(True)
    try:
        yield
    finally:
        _closing.reset(token)


def _before_statement(conn: Connection, _cursor: Any, statement: str, *_a: Any) -> None:
    if not conn.info.get(_OUTSIDE) or plain_read(statement) or _closing.get():
        return
    dbapi = conn.connection.dbapi_connection
    if dbapi is not None:
        dbapi.autocommit = False  # the driver begins a transaction with this statement
    conn.info[_OUTSIDE] = False


def _checkin(dbapi_conn: Any, record: Any) -> None:
    outside = record.info.pop(_OUTSIDE, None)
    if outside is not None and dbapi_conn is not None and dbapi_conn.autocommit:
        dbapi_conn.autocommit = False
