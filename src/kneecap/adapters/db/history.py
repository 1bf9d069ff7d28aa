"""Databases migrated while the history had branches, moved onto the one line it is now.

Until the areas' migrations were put in one line, the care, clinical and jobs migrations each
followed the foundation and gait and load followed jobs, so a database's `alembic_version`
held one row per branch head, under the old revision ids. Alembic cannot read those rows
against the linear history, so `settle` rewrites them first: it works out which old
revisions were applied, applies (in line order) any that were not, and leaves one row.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, text

# The line the branches were put in (later revisions follow it as usual), and each revision's
# id and parent while the history had branches.
LINE = ("0001_foundation", "0002_jobs", "0003_clinical", "0004_care", "0005_gait", "0006_load")
OLD_ID = {
    "0001_foundation": "0001_foundation",
    "0002_jobs": "0002_jobs",
    "0003_clinical": "0002_clinical",
    "0004_care": "0002_care",
    "0005_gait": "0003_gait",
    "0006_load": "0003_load",
}
OLD_PARENT = {
    "0001_foundation": None,
    "0002_jobs": "0001_foundation",
    "0002_clinical": "0001_foundation",
    "0002_care": "0001_foundation",
    "0003_gait": "0002_jobs",
    "0003_load": "0002_jobs",
}
_NEW_ID = {old: new for new, old in OLD_ID.items()}


def versions(connection: Connection) -> list[str]:
    """The rows of alembic_version (none when the database was never migrated)."""
    if not connection.dialect.has_table(connection, "alembic_version"):
        return []
    return list(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())


def is_branched(rows: list[str]) -> bool:
    """True for rows written by the branched history: several heads, or an id it alone used
    (any other single row is the line's, or a later revision's, for Alembic to read)."""
    return len(rows) > 1 or any(r in OLD_PARENT and r not in LINE for r in rows)


def applied_line_revisions(rows: list[str]) -> set[str]:
    """The linear revisions whose changes a database at the old head `rows` already holds."""
    applied: set[str] = set()
    for row in rows:
        if row not in OLD_PARENT:
            raise ValueError(
                f"The database is at revision {row!r}, which this version of Kneecap does not "
                "know; upgrade Kneecap, or restore the database from a backup."
            )
        rev: str | None = row
        while rev is not None:
            applied.add(_NEW_ID[rev])
            rev = OLD_PARENT[rev]
    return applied


def settle(connection: Connection, upgrade_to: Callable[[str], None]) -> None:
    """Move a database migrated by the branched history onto the line; others are left as
    they are. `upgrade_to(rev)` runs the migrations up to `rev` on this connection."""
    rows = versions(connection)
    if not is_branched(rows):
        return
    applied = applied_line_revisions(rows)
    for i, rev in enumerate(LINE):
        if rev in applied:
            continue
        # A branch the database never had: run that one migration on its own, from the
        # revision before it on the line (whose tables, and its own parents', are there).
        _stamp(connection, LINE[i - 1])
        upgrade_to(rev)
    _stamp(connection, LINE[-1])


def _stamp(connection: Connection, rev: str) -> None:
    connection.execute(text("DELETE FROM alembic_version"))
    connection.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": rev})
