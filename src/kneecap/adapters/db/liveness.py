"""A pooled PostgreSQL connection's liveness, checked at checkout without a round trip.

The pool's pre-ping sends a statement and waits for its answer on every checkout: on the
dashboard that was one round trip in nine (bench/request_profile.py). An idle connection has
nothing to read: the server writes to it unasked only when it ends it (a restart, a
terminated backend, an idle timeout: it sends its FATAL error, then closes the socket) or,
rarely, for a notice. So a socket that can be read while the connection is idle is taken for
dead, and the pool replaces it before the request uses it: SQLAlchemy's documented way, a
`DisconnectionError` raised in a checkout listener, makes the pool connect afresh (up to three
times). What a readable socket cannot tell (a peer gone without a word, as behind a dropped
network) the pool's recycle age and the request's own error handling still cover, as the
pre-ping's did not either for a connection lost mid-request.
"""

from __future__ import annotations

import select
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import DisconnectionError


def readable(fd: int) -> bool:
    """Whether `fd` has data or an end of file waiting (it never blocks)."""
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLERR | select.POLLHUP)
        return bool(poller.poll(0))
    ready, _, _ = select.select([fd], [], [fd], 0)  # Windows: no poll
    return bool(ready)


def dead(dbapi_conn: Any) -> bool:
    """True for a psycopg connection that is closed, or whose server has spoken unasked."""
    if dbapi_conn.closed:
        return True
    try:
        fd = dbapi_conn.fileno()
    except Exception:  # psycopg raises once the connection is broken
        return True
    return readable(fd)


def check_at_checkout(engine: Engine) -> None:
    @event.listens_for(engine, "checkout")
    def _alive(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
        if dead(dbapi_conn):
            raise DisconnectionError("the server closed the pooled connection")
