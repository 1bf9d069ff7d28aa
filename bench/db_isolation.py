"""What isolating one test's database costs, per test: the suite's fixtures (a copy of the
migrated SQLite template; on PostgreSQL every table emptied after a test's rows, by DELETE
with the id sequences restarted) against TRUNCATE and against a savepoint rollback on one held
connection. The same-run baseline is a typical web test's own set-up: the container and the
two-clinic cast seeded through the services.

    python bench/db_isolation.py [--rounds N]

PostgreSQL is measured when reachable (KNEECAP_TEST_POSTGRES_URL, as the tests use).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from kneecap.adapters.db.base import Base
from kneecap.adapters.db.engine import make_engine
from kneecap.adapters.db.models.accounts import ClinicRow
from kneecap.adapters.security.argon2_hasher import Argon2Hasher
from kneecap.bootstrap import build
from kneecap.config import Settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.factories import make_world
from tests.support import databases


def per_round_ms(
    rounds: int, one: Callable[[], None], before: Callable[[], None] = lambda: None
) -> float:
    """Median milliseconds of `one`, each round after an untimed `before`."""
    times = []
    for _ in range(rounds + 1):  # the first round warms up
        before()
        t0 = time.perf_counter()
        one()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times[1:])


def seed_cast(url: str, data_dir: Path) -> None:
    """What most web tests do before their first request."""
    c = build(Settings(data_dir=data_dir, database_url_override=url), migrate=False,
              hasher=Argon2Hasher(fast=True))  # fmt: skip
    make_world(c)
    c.close()


def savepoint(engine: Engine) -> Callable[[], None]:
    """SQLAlchemy's recipe: a session joined to an outer transaction, its commit turned into a
    savepoint, the outer transaction rolled back at the end of the test."""
    connection = engine.connect()

    def one() -> None:
        outer = connection.begin()
        with Session(bind=connection, join_transaction_mode="create_savepoint") as s:
            s.add(ClinicRow(name=uuid.uuid4().hex, slug=uuid.uuid4().hex))
            s.commit()
        outer.rollback()

    return one


def sqlite_rows(rounds: int, tmp: Path) -> list[tuple[str, float]]:
    template = databases.sqlite_template(tmp)
    urls: list[str] = []

    def copy() -> None:  # the database_url fixture (a test's own folder), and a first connection
        folder = tmp / f"test{len(urls)}"
        folder.mkdir()
        urls.append(databases.fresh_sqlite(template, folder))
        engine = make_engine(urls[-1])
        engine.connect().close()
        engine.dispose()

    copy()
    held = make_engine(urls[-1])
    rows = [
        ("SQLite: copy of the migrated template (suite)", per_round_ms(rounds, copy)),
        ("SQLite: savepoint rollback", per_round_ms(rounds, savepoint(held))),
        ("SQLite: container + two-clinic cast (baseline)",
         per_round_ms(rounds, lambda: seed_cast(urls[-1], tmp / "data"), copy)),
    ]  # fmt: skip
    held.dispose()
    return rows


def postgres_rows(rounds: int, tmp: Path) -> list[tuple[str, float]]:
    try:
        url, schema = databases.postgres_schema_url(f"bench{uuid.uuid4().hex[:6]}")
    except BaseException as exc:  # require_postgres skips (raises) when unreachable
        print(f"PostgreSQL not measured: {exc}")
        return []
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)

    def truncate() -> None:
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        engine.dispose()

    def seeded() -> None:  # what a test leaves behind
        seed_cast(url, tmp / "pg")

    held = make_engine(url)
    try:
        return [
            ("PostgreSQL: DELETE rows, restart ids (suite)",
             per_round_ms(rounds, lambda: databases.empty_postgres(url), seeded)),
            ("PostgreSQL: TRUNCATE every table", per_round_ms(rounds, truncate, seeded)),
            ("PostgreSQL: savepoint rollback", per_round_ms(rounds, savepoint(held))),
            ("PostgreSQL: container + two-clinic cast (baseline)",
             per_round_ms(rounds, seeded, lambda: databases.empty_postgres(url))),
        ]  # fmt: skip
    finally:
        held.dispose()
        databases.drop_schema(schema)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    rounds = parser.parse_args().rounds
    tmp = Path(tempfile.mkdtemp(prefix="kneecap-bench-"))
    try:
        rows = sqlite_rows(rounds, tmp) + postgres_rows(rounds, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    width = max(len(name) for name, _ in rows)
    print(f"{'isolating one test':<{width}}  median ms  of the baseline")
    for name, ms in rows:
        base = next(v for n, v in rows if n.split(":")[0] == name.split(":")[0] and "baseline" in n)
        print(f"{name:<{width}}  {ms:9.2f}  {ms / base:14.1%}")


if __name__ == "__main__":
    main()
