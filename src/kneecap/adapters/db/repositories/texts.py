"""SQLAlchemy repository for client-visible text versions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import groupby

from sqlalchemy import false, func, select, update
from sqlalchemy.orm import Session

from kneecap.adapters.db.models.texts import TextVersionRow
from kneecap.domain.access.roles import Role
from kneecap.domain.clinical.cosignature import AuthoredText, ReviewState, TextVersion
from kneecap.ports.texts import StoredText


def _version(row: TextVersionRow) -> TextVersion:
    return TextVersion(
        number=row.number,
        text=row.text,
        author_id=str(row.author_user_id) if row.author_user_id is not None else "",
        author_role=Role(row.author_role),
        written_at=row.written_at,
        state=ReviewState(row.state),
        flags=tuple(row.flags or ()),
        reviewer_id=str(row.reviewer_user_id) if row.reviewer_user_id is not None else None,
        reviewed_at=row.reviewed_at,
        comment=row.comment or "",
    )


def _texts(rows: Iterable[TextVersionRow]) -> list[StoredText]:
    """Rows ordered by key and number -> one StoredText per key."""
    out = []
    for key, group in groupby(rows, key=lambda r: r.key):
        mine = list(group)
        text = AuthoredText(key, tuple(_version(r) for r in mine))
        out.append(StoredText(mine[0].clinic_id, mine[0].client_id, text))
    return out


def _user(user_id: str | None) -> int | None:
    return int(user_id) if user_id else None


class SqlTexts:
    def __init__(self, session: Session) -> None:
        self._s = session

    def get(self, key: str, *, for_update: bool = False) -> StoredText | None:
        if for_update:
            self._lock(key)
        rows = self._s.scalars(
            select(TextVersionRow).where(TextVersionRow.key == key).order_by(TextVersionRow.number)
        )
        found = _texts(rows)
        return found[0] if found else None

    def _lock(self, key: str) -> None:
        if self._s.get_bind().dialect.name == "postgresql":
            # A lock on the key itself, held to the end of the transaction: there may be no
            # row yet to lock with FOR UPDATE.
            self._s.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(key, 0))))
        else:
            # pysqlite starts a transaction only at the first write, so the read below would
            # see the database as it was before a writer that commits meanwhile; a write that
            # changes nothing takes SQLite's one write lock first.
            self._s.execute(
                update(TextVersionRow).where(false()).values(number=TextVersionRow.number)
            )

    def for_client(self, client_id: int, prefix: str = "") -> Sequence[StoredText]:
        q = select(TextVersionRow).where(TextVersionRow.client_id == client_id)
        if prefix:
            q = q.where(TextVersionRow.key.startswith(prefix, autoescape=True))
        return _texts(self._s.scalars(q.order_by(TextVersionRow.key, TextVersionRow.number)))

    def save(self, clinic_id: int, client_id: int, text: AuthoredText) -> None:
        rows = {
            r.number: r
            for r in self._s.scalars(select(TextVersionRow).where(TextVersionRow.key == text.key))
        }
        for v in text.versions:
            row = rows.get(v.number)
            if row is None:
                row = TextVersionRow(
                    clinic_id=clinic_id,
                    client_id=client_id,
                    key=text.key,
                    number=v.number,
                    text=v.text,
                    author_user_id=_user(v.author_id),
                    author_role=v.author_role.value,
                    written_at=v.written_at,
                )
                self._s.add(row)
            row.state = v.state.value
            row.flags = list(v.flags)
            row.reviewer_user_id = _user(v.reviewer_id)
            row.reviewed_at = v.reviewed_at
            row.comment = v.comment
        self._s.flush()

    def pending(self, clinic_id: int) -> Sequence[StoredText]:
        waiting = (
            select(TextVersionRow.key)
            .where(
                TextVersionRow.clinic_id == clinic_id,
                TextVersionRow.state == ReviewState.PENDING.value,
            )
            .distinct()
        )
        rows = self._s.scalars(
            select(TextVersionRow)
            .where(TextVersionRow.key.in_(waiting))
            .order_by(TextVersionRow.key, TextVersionRow.number)
        )
        return _texts(rows)
