"""A database migrated while the history had branches (four heads) upgrades onto the one line,
keeping its data; one that never had some branches gets exactly their tables."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from kneecap.adapters.db.base import Base
from kneecap.adapters.db.engine import make_engine
from kneecap.adapters.db.history import LINE, versions
from kneecap.adapters.db.migrate import alembic_config, drift, upgrade
from tests.support.databases import at_head, drop_schema, postgres_schema_url

OLD_HEADS = ["0002_care", "0002_clinical", "0003_gait", "0003_load"]
CARE_AND_GAIT_TABLES = {
    "care_plans",
    "visit_notes",
    "home_programmes",
    "session_logs",
    "outcome_responses",
    "escalation_decisions",
    "red_flag_reports",
    "gait_videos",
    "gait_analyses",
    "gait_comments",
}


def _head() -> list[str]:
    return list(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


def _set_versions(engine: Engine, rows: list[str]) -> None:
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM alembic_version"))
        for row in rows:
            conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": row})


def _rows(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return versions(conn)


@pytest.fixture(scope="module")
def line_tables(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The tables a database has at the line's last revision (what the branched history made)."""
    from alembic import command

    url = f"sqlite:///{tmp_path_factory.mktemp('line') / 'line.sqlite3'}"
    command.upgrade(alembic_config(url), LINE[-1])
    engine = make_engine(url)
    with engine.connect() as conn:
        names = set(conn.dialect.get_table_names(conn))
    engine.dispose()
    return names


def _as_made_by_the_branches(engine: Engine, line_tables: set[str]) -> None:
    """Undo the revisions after the line (their tables, and the columns they added to the
    line's): the branched history never made them."""
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, LINE[-1])
    with engine.connect() as conn:
        assert set(conn.dialect.get_table_names(conn)) == line_tables


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def own_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A migrated database of this test's own (its tables may be dropped)."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'history.sqlite3'}")
        upgrade(engine)
        yield engine
        engine.dispose()
        return
    url, schema = postgres_schema_url("history")
    engine = make_engine(url)
    yield engine
    engine.dispose()
    drop_schema(schema)


def test_one_head_that_follows_the_line() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    (head,) = script.get_heads()
    chain = list(script.iterate_revisions(head, "base"))
    assert [r.revision for r in chain][-len(LINE) :] == list(reversed(LINE))
    # Linear: every revision has one parent (no merge points), the first has none.
    assert all(isinstance(r.down_revision, str) for r in chain[:-1])
    assert chain[-1].down_revision is None


def test_the_four_old_heads_upgrade_onto_the_line_and_keep_the_data(
    database_url: str, line_tables: set[str]
) -> None:
    engine = make_engine(database_url)
    try:
        _as_made_by_the_branches(engine, line_tables)
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO clinics (name, slug) VALUES ('Kept', 'kept')"))
        _set_versions(engine, OLD_HEADS)
        assert not at_head(engine)
        upgrade(engine)
        assert _rows(engine) == _head()
        assert at_head(engine) and drift(engine) == []
        with engine.connect() as conn:
            assert conn.execute(text("SELECT name FROM clinics")).scalars().all() == ["Kept"]
        upgrade(engine)  # and again: nothing to do
        assert _rows(engine) == _head()
    finally:
        engine.dispose()


def test_branches_a_database_never_had_are_applied(
    own_database: Engine, line_tables: set[str]
) -> None:
    # Made by the branched history with clinical and load (so jobs) but not care or gait.
    _as_made_by_the_branches(own_database, line_tables)
    tables = [t for t in Base.metadata.sorted_tables if t.name in CARE_AND_GAIT_TABLES]
    assert len(tables) == len(CARE_AND_GAIT_TABLES)
    with own_database.begin() as conn:
        Base.metadata.drop_all(conn, tables=tables)
    _set_versions(own_database, ["0002_clinical", "0003_load"])
    assert drift(own_database) != []
    upgrade(own_database)
    assert _rows(own_database) == _head()
    assert drift(own_database) == []


def test_an_unknown_revision_is_refused_with_what_to_do(own_database: Engine) -> None:
    _set_versions(own_database, ["0002_care", "0009_future"])
    with pytest.raises(ValueError, match="does not know; upgrade Kneecap"):
        upgrade(own_database)
    assert sorted(_rows(own_database)) == ["0002_care", "0009_future"]  # nothing changed
