"""What the busiest pages cost as a clinic's work grows: a small clinic against a large one.

Builds, in one database, a small clinic (30 clients) and then a large one (5,000 clients,
500,000 activities, 1,000,000 audit entries by default): the accounts through the services, the
bulk rows with Core executemany (SQLite) or COPY (PostgreSQL), never service by service. Then
times, in-process (create_app on the same container, one TestClient per user), the LMT's
dashboard, one client's training page and the admin's audit-log page with each filter it offers
(none, by client, by a week's dates, by action, by a rare action, by outcome), and prints the median
milliseconds of each page on the small clinic (measured before the large one exists, and
again beside it) and on the large one, with the ratio large / small.

    python bench/clinic_scale.py                    # SQLite (temp folder), then PostgreSQL
    python bench/clinic_scale.py --only sqlite --clients 500 --activities 50000 --audit 100000
    python bench/clinic_scale.py --explain          # also print the query plans of the audit page

PostgreSQL runs in a database of the bench's own (`kneecap_bench_scale` on the server of
--pg), dropped and made again, and dropped at the end; the tests' database is untouched.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, insert, select, text

from dashboard_panels import intake
from kneecap.adapters.db.models.audit import AuditRow
from kneecap.adapters.db.models.clients import ClientRow
from kneecap.adapters.db.models.clinical import IntakeRow
from kneecap.adapters.db.models.load import ActivityRow
from kneecap.adapters.security.argon2_hasher import Argon2Hasher
from kneecap.bootstrap import Container, build
from kneecap.config import Settings
from kneecap.demo.care import _seed_client
from kneecap.domain.access.roles import Actor, Role
from kneecap.services.caller import Caller
from kneecap.web.app import create_app
from pg import drop_pg, fresh_pg

PASSWORD = "bench-password-123"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
ACTIONS = ("client.read", "training.read", "client.update", "training.import", "auth.sign_in")
BATCH = 20_000
# the tables whose queries --explain shows (the pages' other reads are by primary key)
EXPLAINED = ("audit_log", "clients", "care_plans", "clinical_intakes", "handoffs",
             "outcome_responses", "escalation_decisions", "red_flag_reports", "home_programmes",
             "session_logs")  # fmt: skip
FLAG_EVERY = 50  # one client in 50 has an intake that raises a red flag (100 of 5,000; 1 of 30)
CARE_EVERY = 25  # one client in 25 is in a course of care (200 of 5,000; 2 of 30)


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f}"


@dataclass
class Clinic:
    name: str
    clinic_id: int
    admin: str
    lmt: str
    chiro: str
    staff_ids: list[int]
    client_ids: list[int]


def _people(c: Container, name: str, slug: str) -> Clinic:
    clinic = c.accounts.create_clinic(name)
    ids = []
    emails = {}
    for role in (Role.ADMIN, Role.LMT, Role.CHIROPRACTOR):
        email = f"{role.value}@{slug}.test"
        user, _ = c.accounts.add_user(clinic.id, email, role.label, role, PASSWORD)
        ids.append(user.id)
        emails[role] = email
    return Clinic(
        name, clinic.id, emails[Role.ADMIN], emails[Role.LMT], emails[Role.CHIROPRACTOR], ids, []
    )


def _clients(engine: Engine, clinic: Clinic, n: int) -> None:
    rows = [
        {"clinic_id": clinic.clinic_id, "name": f"Runner {i:05d}", "name_key": f"runner {i:05d}",
         "sports": ["running"], "goals": ""}
        for i in range(n)
    ]  # fmt: skip
    with engine.begin() as conn:
        conn.execute(insert(ClientRow), rows)
        found = conn.scalars(
            select(ClientRow.id).where(ClientRow.clinic_id == clinic.clinic_id).order_by("id")
        )
        clinic.client_ids = list(found)


def _activity_rows(clinic: Clinic, per_client: int, today: date) -> Iterator[dict[str, Any]]:
    now = datetime.now(UTC)
    for n, client_id in enumerate(clinic.client_ids):
        for k in range(per_client):
            # one run every second day, back from today
            start = datetime.combine(today - timedelta(days=2 * k), datetime.min.time(), UTC)
            start += timedelta(hours=6 + (n + k) % 12)
            yield {
                "clinic_id": clinic.clinic_id, "client_id": client_id,
                "dedup_key": f"run-{start:%Y%m%d%H%M}", "sport": "run",
                "start": start, "duration_s": 1800.0 + 60 * (k % 30),
                "moving_s": 1780.0, "distance_m": 5000.0 + 100 * (k % 40),
                "avg_hr": 140.0 + k % 20, "source": "bench.fit", "created_at": now,
                "issues": [],
            }  # fmt: skip


def _audit_rows(clinic: Clinic, count: int, now: datetime) -> Iterator[dict[str, Any]]:
    staff, clients = clinic.staff_ids, clinic.client_ids
    span = 365 * 24 * 3600
    for i in range(count):
        client_id = clients[(i * 7919) % len(clients)]
        yield {
            "at": now - timedelta(seconds=span * (count - i) / count),
            "clinic_id": clinic.clinic_id,
            "actor_user_id": staff[i % len(staff)], "actor_label": "staff",
            "action": "record.export" if i % 10_000 == 0 else ACTIONS[i % len(ACTIONS)],
            "outcome": "forbidden" if i % 50 == 0 else "allow",
            "address": "127.0.0.1", "client_id": client_id, "resource": f"client:{client_id}",
            "detail": "",
        }  # fmt: skip


def _bulk(engine: Engine, table: Any, rows: Iterator[dict[str, Any]]) -> int:
    """Insert the rows in batches straight through the driver: COPY on PostgreSQL,
    executemany on SQLite (one transaction), skipping the ORM and per-row type processing."""
    total = 0
    batch: list[dict[str, Any]] = []
    # the table's secondary indexes are dropped and made again after: one sort each, instead
    # of a million random index inserts
    indexes = list(table.__table__.indexes)
    with engine.begin() as conn:
        for index in indexes:
            index.drop(conn)
    raw = engine.raw_connection()
    try:
        cur: Any = raw.cursor()
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                _write(engine.dialect.name, cur, table.__tablename__, batch)
                total += len(batch)
                batch = []
        if batch:
            _write(engine.dialect.name, cur, table.__tablename__, batch)
            total += len(batch)
        raw.commit()
    finally:
        raw.close()
    with engine.begin() as conn:
        for index in indexes:
            index.create(conn)
    return total


def _cell(value: Any, sqlite: bool) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value)
    if isinstance(value, datetime):  # stored naive UTC, as UTCDateTime does
        naive = value.astimezone(UTC).replace(tzinfo=None)
        return naive.isoformat(sep=" ", timespec="microseconds") if sqlite else naive
    return value


def _write(dialect: str, cur: Any, name: str, batch: list[dict[str, Any]]) -> None:
    columns = list(batch[0])
    if dialect == "postgresql":
        with cur.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in batch:
                copy.write_row([_cell(v, False) for v in row.values()])
        return
    marks = ", ".join("?" for _ in columns)
    cur.executemany(
        f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({marks})",
        [tuple(_cell(v, True) for v in row.values()) for row in batch],
    )


def _care(c: Container, clinic: Clinic, every: int) -> int:
    """Care plans, home-programme logs and outcomes (the demo's two courses of care, one that
    improves and one whose escalation alert fires) for every `every`-th client, through the
    services: what the chiropractor's dashboard reads."""
    chiro = Caller(
        Actor(clinic.staff_ids[2], clinic.clinic_id, Role.CHIROPRACTOR, "chiro"), "bench"
    )
    today = c.care.plans.today()
    chosen = clinic.client_ids[::every]
    with c.uow_factory() as uow:
        records = {r.id: r for r in uow.clients.many(chosen)}
    for n, client_id in enumerate(chosen):
        if n % 2:
            _seed_client(c.care, chiro, records[client_id], today, 6, (64, 82), (5, 2), (4, 1),
                         orthotics=False)  # fmt: skip
        else:
            _seed_client(c.care, chiro, records[client_id], today, 7, (62, 65), (5, 5), (4, 4),
                         orthotics=True)  # fmt: skip
    return len(chosen)


def _intakes(c: Container, clinic: Clinic) -> None:
    """An intake for every client, one in FLAG_EVERY raising a red flag (night pain): two
    recorded through the service, copied to the others in bulk."""
    lmt = Caller(Actor(clinic.staff_ids[1], clinic.clinic_id, Role.LMT, "lmt"), "bench")
    first, second = clinic.client_ids[:2]
    c.assessments.record_intake(lmt, first, intake(flagged=True))
    c.assessments.record_intake(lmt, second, intake(flagged=False))
    with c.engine.connect() as conn:
        found = conn.execute(select(IntakeRow).where(IntakeRow.client_id.in_([first, second])))
        flagged, plain = (
            {k: v for k, v in row._mapping.items() if k != "id"}
            for row in sorted(found, key=lambda r: r.client_id)
        )
    rows = (
        {**(flagged if n % FLAG_EVERY == 0 else plain), "client_id": client_id}
        for n, client_id in enumerate(clinic.client_ids)
        if n >= 2
    )
    _bulk(c.engine, IntakeRow, rows)


def _seed(c: Container, clinic: Clinic, clients: int, activities: int, audit: int) -> float:
    t0 = time.perf_counter()
    engine = c.engine
    _clients(engine, clinic, clients)
    _intakes(c, clinic)
    _care(c, clinic, CARE_EVERY)
    per_client = max(1, activities // clients)
    _bulk(engine, ActivityRow, _activity_rows(clinic, per_client, date.today()))
    _bulk(engine, AuditRow, _audit_rows(clinic, audit, datetime.now(UTC)))
    if engine.dialect.name == "postgresql":
        # VACUUM as autovacuum does to an insert-mostly table (PostgreSQL >= 13 vacuums one
        # after inserts of 20 % of its size): it sets the visibility map, without which no
        # index-only scan skips the table (freshly copied, "audit log, forbidden only" counted
        # its 10,001 entries from 6,758 table pages: 2.06-2.18x; vacuumed: 1.12x).
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM (ANALYZE)"))
    else:
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    return time.perf_counter() - t0


def _signed_in(app: Any, email: str) -> TestClient:
    http = TestClient(app, follow_redirects=False)
    page = http.get("/sign-in")
    token = CSRF.search(page.text)
    assert token
    form = {"email": email, "password": PASSWORD, "csrf_token": token.group(1)}
    answer = http.post("/sign-in", data=form)
    assert answer.status_code == 303, answer.text[:300]
    return http


def _pages(clinic: Clinic) -> list[tuple[str, str, str]]:
    """(label, who, path) of every page measured."""
    client = clinic.client_ids[len(clinic.client_ids) // 2]
    week_ago = (date.today() - timedelta(days=7)).isoformat()
    return [
        ("LMT dashboard", "lmt", "/dashboard"),
        ("client training page", "lmt", f"/clients/{client}/training"),
        ("chiro dashboard", "chiro", "/dashboard"),
        ("admin dashboard", "admin", "/dashboard"),
        ("audit log, no filter", "admin", "/audit"),
        ("audit log, by client", "admin", f"/audit?client_id={client}"),
        ("audit log, one week", "admin", f"/audit?since={week_ago}&until={date.today()}"),
        ("audit log, by action", "admin", "/audit?action=training.import"),
        ("audit log, rare action", "admin", "/audit?action=record.export"),
        ("audit log, forbidden only", "admin", "/audit?outcome=forbidden"),
    ]


@dataclass
class Timed:
    wall: float  # median ms
    cpu: float  # median ms of this process's CPU (PostgreSQL's own work is not in it)
    statements: int  # SQL statements the page ran (the last request)


def _measure(
    app: Any, engine: Engine, clinics: list[Clinic], rounds: int
) -> list[dict[str, Timed]]:
    """Median wall and CPU ms of each page for each clinic; the clinics take turns on every
    page of every round, so a change in the machine's load weighs on all of them alike."""
    users = [
        {who: _signed_in(app, getattr(c, who)) for who in ("lmt", "chiro", "admin")}
        for c in clinics
    ]
    pages = [_pages(c) for c in clinics]
    wall: list[dict[str, list[float]]] = [{} for _ in clinics]
    cpu: list[dict[str, list[float]]] = [{} for _ in clinics]
    count: list[dict[str, int]] = [{} for _ in clinics]
    ran = [0]

    def counted(*_: Any) -> None:
        ran[0] += 1

    event.listen(engine, "before_cursor_execute", counted)
    try:
        for n in range(rounds + 1):  # the first round warms templates and plan caches
            for k in range(len(pages[0])):
                for i, clinic_pages in enumerate(pages):
                    label, who, path = clinic_pages[k]
                    ran[0] = 0
                    t0, c0 = time.perf_counter(), time.process_time()
                    answer = users[i][who].get(path)
                    took, used = time.perf_counter() - t0, time.process_time() - c0
                    assert answer.status_code == 200, (path, answer.status_code)
                    count[i][label] = ran[0]
                    if n:
                        wall[i].setdefault(label, []).append(took)
                        cpu[i].setdefault(label, []).append(used)
    finally:
        event.remove(engine, "before_cursor_execute", counted)
    for u in users:
        for http in u.values():
            http.close()
    return [
        {
            k: Timed(1000 * statistics.median(v), 1000 * statistics.median(c[k]), n[k])
            for k, v in w.items()
        }
        for w, c, n in zip(wall, cpu, count, strict=True)
    ]


def explain(app: Any, engine: Engine, clinic: Clinic) -> None:
    """The plans of the queries the pages ran on the large clinic: each audit-log page and the
    chiropractor's dashboard, as the app sent them (captured, then explained with their
    parameters), each with its median ms run alone (all rows fetched): the SQL's share of the
    page's time."""
    seen: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and any(
            f"FROM {table}" in statement for table in EXPLAINED
        ):
            seen.append((statement, parameters))

    users = {who: _signed_in(app, getattr(clinic, who)) for who in ("lmt", "chiro", "admin")}
    pg = engine.dialect.name == "postgresql"
    prefix = "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)" if pg else "EXPLAIN QUERY PLAN"
    for label, who, path in _pages(clinic):
        if label in ("client training page", "admin dashboard", "LMT dashboard"):
            continue
        event.listen(engine, "before_cursor_execute", capture)
        try:
            users[who].get(path)
        finally:
            event.remove(engine, "before_cursor_execute", capture)
        print(f"  {label} ({path}):")
        raw = engine.raw_connection()
        try:
            cur: Any = raw.cursor()
            times: dict[str, int] = {}
            for statement, _ in seen:
                times[statement] = times.get(statement, 0) + 1
            shown: set[str] = set()
            for statement, parameters in seen:
                if "FROM users" in statement or "web_sessions" in statement:
                    continue
                if statement in shown:  # the same statement again (for another row)
                    continue
                shown.add(statement)
                cur.execute(f"{prefix} {statement}", parameters)
                plan = [str(r[0] if pg else r[-1]) for r in cur.fetchall()]
                took = []
                for _ in range(9):
                    t0 = time.perf_counter()
                    cur.execute(statement, parameters)
                    cur.fetchall()
                    took.append(1000 * (time.perf_counter() - t0))
                again = f" [x{times[statement]}]" if times[statement] > 1 else ""
                text_ = " ".join(statement.split())[:140]
                print(f"    {statistics.median(took):6.2f} ms  {text_}{again}")
                for line in plan:
                    print(f"      {line}")
        finally:
            raw.close()
        seen.clear()
    for http in users.values():
        http.close()


def run(url: str | None, args: argparse.Namespace) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="kneecap-scale-"))
    settings = Settings(data_dir=data_dir, database_url_override=url, log_level="WARNING")
    c = build(settings, hasher=Argon2Hasher(fast=True), queue_jobs=False)
    db = c.engine.dialect.name
    print(f"\n== {db}: {os.cpu_count()} cores, {load_average()}", flush=True)
    app = create_app(container=c)
    small = _people(c, "Small Clinic", "small")
    seconds = _seed(
        c, small, 30, 30 * args.activities // args.clients, 30 * args.audit // args.clients
    )
    print(f"small clinic: 30 clients, seeded in {seconds:.1f} s", flush=True)
    (alone,) = _measure(app, c.engine, [small], args.rounds)
    large = _people(c, "Large Clinic", "large")
    seconds = _seed(c, large, args.clients, args.activities, args.audit)
    print(
        f"large clinic: {args.clients} clients, {args.activities} activities, {args.audit} audit "
        f"entries, seeded in {seconds:.1f} s ({load_average()})",
        flush=True,
    )
    beside, big = _measure(app, c.engine, [small, large], args.rounds)
    print(f"median ms of {args.rounds} requests each ({load_average()})")
    print(
        f"{'page':<28}{'small':>8}{'small*':>8}{'large':>8}{'ratio':>8}"
        f"{'cpu small*':>12}{'cpu large':>11}{'ratio':>8}{'SQL':>9}"
    )
    for label, t in big.items():
        base = beside[label]
        ratio, cpu_ratio = t.wall / base.wall, t.cpu / base.cpu
        flag = "   over 2x" if max(ratio, cpu_ratio) > 2 else ""
        print(
            f"{label:<28}{alone[label].wall:8.1f}{base.wall:8.1f}{t.wall:8.1f}{ratio:7.2f}x"
            f"{base.cpu:12.1f}{t.cpu:11.1f}{cpu_ratio:7.2f}x{base.statements:>5}/{t.statements:<3}"
            f"{flag}"
        )
    print(
        "small = the small clinic alone in the database; small* = the same pages again once the "
        "large clinic is there, measured in turns with it (the ratios' baseline); cpu = this "
        "process's CPU ms (on PostgreSQL the server's work is not in it); SQL = statements the "
        "page ran, small*/large"
    )
    if args.explain:
        explain(app, c.engine, large)
    c.engine.dispose()
    shutil.rmtree(data_dir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=5_000)
    parser.add_argument("--activities", type=int, default=500_000)
    parser.add_argument("--audit", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--pg-database", default="kneecap_bench_scale")
    args = parser.parse_args()
    if args.only != "postgresql":
        run(None, args)
    if args.only != "sqlite":
        try:
            run(fresh_pg(args.pg, args.pg_database), args)
        finally:
            drop_pg(args.pg, args.pg_database)


if __name__ == "__main__":
    main()
