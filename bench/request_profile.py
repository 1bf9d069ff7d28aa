"""Where one request's time goes: SQL (time and statement count), the audit insert, the
commit, the template render, and the rest (routing, sign-in lookup, ORM objects, JSON).

Builds the demo clinic (all of it, as `kneecap demo` does for bench/web_load.py) in process
on SQLite in a temp folder and on PostgreSQL (a database of its own, dropped and made again
each run, so the tests' database is untouched), signs in the demo LMT, makes an API token,
then sends R
sequential requests (after a warm-up) to each target through Starlette's TestClient and
prints the median per request, wall and CPU time (the process's, every thread: steadier than
wall time on a shared machine). Each database runs the app with one transaction per read
request (as it is) and with one per unit of work (as it was: the request transaction's
middleware left out), PostgreSQL also with the pool's pre-ping it had before and with its
plain reads inside a transaction, as before; the ways take turns request by request, so the
machine's load weighs on each alike. SQL is timed with SQLAlchemy's
before/after_cursor_execute events; the commit by wrapping the dialect's do_commit; the
template by wrapping jinja2.Template.render. `/healthz` is the same-run baseline (no database).

    python bench/request_profile.py [ROUNDS]
    python bench/request_profile.py 200 --pg postgresql+psycopg://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from fastapi.testclient import TestClient
from sqlalchemy import event

from kneecap.adapters.db import request_transaction
from kneecap.bootstrap import build
from kneecap.config import Settings
from kneecap.demo import extensions
from kneecap.demo.clinic import seed_clinic
from kneecap.web.app import create_app
from kneecap.web.transaction import OneTransaction
from pg import fresh_pg

PASSWORD = "bench-password-123"
PG_DB = "kneecap_bench_profile"


@dataclass
class Tally:
    cpu_s: float = 0.0  # the process's CPU time (every thread): steadier than wall time here
    sql_s: float = 0.0
    statements: int = 0
    audit_s: float = 0.0
    audit_inserts: int = 0
    commit_s: float = 0.0
    commits: int = 0
    other_s: float = 0.0  # the pool's pre-ping and the read-only units of work's ROLLBACK
    others: int = 0
    render_s: float = 0.0


@dataclass
class Probe:
    """Collects one request's tally; the listeners add to whatever tally is current."""

    now: Tally = field(default_factory=Tally)

    def attach(self, engine: Any) -> None:
        starts: dict[int, float] = {}

        @event.listens_for(engine, "before_cursor_execute")
        def _before(_conn: Any, cursor: Any, *_a: Any) -> None:
            starts[id(cursor)] = time.perf_counter()

        @event.listens_for(engine, "after_cursor_execute")
        def _after(_conn: Any, cursor: Any, statement: str, *_a: Any) -> None:
            took = time.perf_counter() - starts.pop(id(cursor), time.perf_counter())
            self.now.sql_s += took
            self.now.statements += 1
            if statement.lstrip().upper().startswith("INSERT INTO AUDIT"):
                self.now.audit_s += took
                self.now.audit_inserts += 1

        dialect = engine.dialect
        do_commit = dialect.do_commit

        def timed_commit(dbapi_conn: Any) -> None:
            t0 = time.perf_counter()
            do_commit(dbapi_conn)
            self.now.commit_s += time.perf_counter() - t0
            self.now.commits += 1

        dialect.do_commit = timed_commit

        def timed(original: Any) -> Any:
            def call(*args: Any) -> Any:
                t0 = time.perf_counter()
                try:
                    return original(*args)
                finally:
                    self.now.other_s += time.perf_counter() - t0
                    self.now.others += 1

            return call

        dialect.do_ping = timed(dialect.do_ping)
        dialect.do_rollback = timed(dialect.do_rollback)

    @contextmanager
    def render_timer(self) -> Iterator[None]:
        original = jinja2.Template.render
        probe = self

        def render(template: jinja2.Template, *args: Any, **kwargs: Any) -> str:
            t0 = time.perf_counter()
            try:
                return original(template, *args, **kwargs)
            finally:
                probe.now.render_s += time.perf_counter() - t0

        jinja2.Template.render = render  # type: ignore[method-assign,assignment]
        try:
            yield
        finally:
            jinja2.Template.render = original  # type: ignore[method-assign]


def sign_in(client: TestClient) -> str:
    """Signs the client in as the demo LMT (its cookie jar keeps the session); returns a token."""
    page = client.get("/sign-in").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert csrf
    client.post(
        "/sign-in",
        data={"email": "lmt@demo.test", "password": PASSWORD, "csrf_token": csrf.group(1)},
    )
    settings = client.get("/settings").text
    csrf2 = re.search(r'name="csrf_token" value="([^"]+)"', settings)
    assert csrf2
    made = client.post(
        "/settings/tokens", data={"csrf_token": csrf2.group(1), "name": "bench"}
    ).text
    token = re.search(r'id="new-token">([^<]+)<', made)
    assert token
    return token.group(1)


# The ways of running a request compared, each on the same clinic in the same run.
WAYS = {
    "per request": "one transaction per read request (the app as it is)",
    "per unit of work": "one transaction per unit of work (the app before the request's one)",
    "pre-ping": "one per request, the pool's pre-ping on each checkout (the app before)",
    "reads in a transaction": "one per request, its plain reads inside BEGIN/COMMIT (before)",
}


def reads_outside(c: Any, way: str) -> None:
    """The app reads outside a transaction on PostgreSQL (reads_outside.py); the way it read
    before, in one, is weighed beside it by leaving out the listener that starts it."""
    factory = c.uow_factory.session_factory
    on = event.contains(factory, "after_begin", request_transaction._began)
    if way == "reads in a transaction" and on:
        event.remove(factory, "after_begin", request_transaction._began)
    elif way != "reads in a transaction" and not on:
        event.listen(factory, "after_begin", request_transaction._began)


def app_for(c: Any, way: str) -> Any:
    app = create_app(container=c)
    if way == "per unit of work":  # the stack is built at the first request: leave it out
        kept = [
            m
            for m in app.user_middleware
            if getattr(m.cls, "__name__", "") != OneTransaction.__name__
        ]
        app.user_middleware = kept
    return app


def pre_ping(c: Any, way: str) -> bool:
    """The app checks a pooled connection's socket at checkout (liveness.py); the pre-ping
    it replaced is weighed beside it."""
    return way == "pre-ping" and c.engine.dialect.name != "sqlite"


def profile(db_label: str, url: str | None, rounds: int, ways: list[str]) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="kneecap-profile-"))
    settings = Settings(data_dir=data_dir, database_url_override=url)
    c = build(settings)
    seed_clinic(c.accounts, c.clients, PASSWORD, extensions(c))
    probe = Probe()
    probe.attach(c.engine)
    with TestClient(create_app(container=c)) as client:
        token = sign_in(client)
        cookie = {"Cookie": f"kneecap_session={client.cookies.get('kneecap_session')}"}
    bearer = {"Authorization": f"Bearer {token}"}
    targets = [
        ("GET /healthz (baseline)", "/healthz", {}),
        ("GET /dashboard (LMT)", "/dashboard", cookie),
        ("GET /api/v1/clients (token)", "/api/v1/clients", bearer),
    ]
    print(f"\n{db_label}: {rounds} sequential requests per target, median per request (ms)")
    print(
        f"{'target':<28} {'total':>6} {'CPU':>6} {'SQL':>6} {'stmts':>5} {'audit':>6} {'ins':>3}"
        f" {'commit':>6} {'n':>2} {'ping+rb':>7} {'n':>2} {'render':>6} {'rest':>6}"
    )
    # The ways take turns request by request, so the machine's load weighs on each alike.
    with ExitStack() as stack:
        stack.enter_context(probe.render_timer())
        clients = {way: stack.enter_context(TestClient(app_for(c, way))) for way in ways}
        found: dict[tuple[str, str], list[tuple[float, Tally]]] = {}
        for name, path, headers in targets:
            for i in range(rounds + 10):
                for way, client in clients.items():
                    c.engine.pool._pre_ping = pre_ping(c, way)
                    reads_outside(c, way)
                    probe.now = Tally()
                    t0, cpu0 = time.perf_counter(), time.process_time()
                    r = client.get(path, headers=headers)
                    took = time.perf_counter() - t0
                    probe.now.cpu_s = time.process_time() - cpu0
                    assert r.status_code == 200, (path, r.status_code)
                    if i >= 10:  # warm-up: compiled-statement cache, template cache
                        found.setdefault((way, name), []).append((took, probe.now))
    for way in ways:
        print(f"  {WAYS[way]}")
        for name, _, _ in targets:
            print(line(name, found[(way, name)]))
    c.close()


def line(name: str, tallies: list[tuple[float, Tally]]) -> str:
    def med(values: list[float]) -> float:
        return 1000 * statistics.median(values)

    total = med([t for t, _ in tallies])
    cpu = med([x.cpu_s for _, x in tallies])
    sql = med([x.sql_s for _, x in tallies])
    audit = med([x.audit_s for _, x in tallies])
    commit = med([x.commit_s for _, x in tallies])
    render = med([x.render_s for _, x in tallies])
    other = med([x.other_s for _, x in tallies])
    rest = med([t - x.sql_s - x.commit_s - x.other_s - x.render_s for t, x in tallies])
    stmts = statistics.median([x.statements for _, x in tallies])
    ins = statistics.median([x.audit_inserts for _, x in tallies])
    commits = statistics.median([x.commits for _, x in tallies])
    others = statistics.median([x.others for _, x in tallies])
    return (
        f"{name:<28} {total:6.2f} {cpu:6.2f} {sql:6.2f} {stmts:5.0f} {audit:6.2f} {ins:3.0f}"
        f" {commit:6.2f} {commits:2.0f} {other:7.2f} {others:2.0f} {render:6.2f} {rest:6.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("rounds", type=int, nargs="?", default=100)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    print(f"load average (1, 5, 15 min): {os.getloadavg()}, {os.cpu_count()} cores")
    profile("SQLite", None, args.rounds, ["per unit of work", "per request"])
    profile("PostgreSQL", fresh_pg(args.pg, PG_DB), args.rounds, list(WAYS))
    print(f"load average at the end: {os.getloadavg()}")
    print(
        "\nCPU = the process's CPU time; SQL = all statements incl. the audit INSERTs; audit/ins"
        " = the audit INSERT(s); commit/n = DBAPI COMMIT calls; ping+rb = pool pre-pings and"
        " ROLLBACKs (the pool's reset after a COMMIT counts but costs no round trip);"
        " rest = total - SQL - commit - ping+rb - render (routing, ORM objects, JSON, TestClient)."
    )


if __name__ == "__main__":
    main()
