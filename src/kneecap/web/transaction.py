"""One database transaction per read request, committed before the response begins (pure ASGI).

A GET or HEAD request's units of work share one transaction (the database adapter's request
transaction): the audit entries of everything it read go in with one INSERT and one COMMIT,
made here when the app hands over the response's first message and before it is passed on. So
no byte of a response leaves before the audit rows of what it shows are committed, and a crash
of the app loses only responses nobody received (tests/integration/test_audit_on_crash.py).

Requests that change something (POST, PUT, PATCH, DELETE) keep one transaction per unit of
work: each write commits with its own audit entries, and a request that fails after one write
does not undo it unseen, as it did not before.

When a read request fails before its response begins, its writes roll back and the audit
entries of what it read are still written (the reads happened): see request_transaction.py.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from starlette.types import ASGIApp, Message, Receive, Scope, Send

READS = frozenset({"GET", "HEAD"})


class Transaction(Protocol):
    open: bool

    def finish(self) -> None: ...


class Transactions(Protocol):
    def __call__(self) -> AbstractContextManager[Transaction]: ...


class OneTransaction:
    def __init__(self, app: ASGIApp, transactions: Transactions) -> None:
        self.app = app
        self.transactions = transactions

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in READS:
            await self.app(scope, receive, send)
            return
        with self.transactions() as transaction:

            async def after_commit(message: Message) -> None:
                if message["type"] == "http.response.start" and transaction.open:
                    transaction.finish()  # inline, as the busiest routes do their reads
                await send(message)

            await self.app(scope, receive, after_commit)
