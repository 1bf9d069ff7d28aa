"""SQLAlchemy repository for client records."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

from sqlalchemy import Label, Row, Select, bindparam, func, or_, select
from sqlalchemy.orm import Session

from kneecap.adapters.db.models.accounts import UserRow
from kneecap.adapters.db.models.clients import ClientRow
from kneecap.domain.clients.record import ClientDetails, ClientRecord


def _client_record(value: Callable[[str], Any]) -> ClientRecord:
    """The record whose columns `value` gives by name (an ORM row's or a Core row's)."""
    details = ClientDetails(
        name=value("name"),
        date_of_birth=value("date_of_birth"),
        email=value("email"),
        phone=value("phone"),
        sports=tuple(value("sports") or ()),
        weekly_running_km=value("weekly_running_km"),
        goals=value("goals") or "",
    )
    return ClientRecord(value("id"), value("clinic_id"), details, value("user_id"))


def _record(row: ClientRow, user_id: int | None) -> ClientRecord:
    return _client_record(lambda name: user_id if name == "user_id" else getattr(row, name))


def _with_user() -> Select[ClientRow, int]:
    return select(ClientRow, UserRow.id).outerjoin(UserRow, UserRow.client_id == ClientRow.id)


_RECORD = ("id", "clinic_id", "name", "date_of_birth", "email", "phone", "sports",
           "weekly_running_km", "goals")  # fmt: skip


def record_columns(prefix: str = "") -> list[Label[Any]]:
    """A client record's columns (and its account's id) as Core labels: statements of the
    busiest pages read records as rows, not ORM objects, and other tables' statements bring
    the records they name along (`prefix` keeps the names apart). Join `UserRow` with
    `account_of_client`."""
    table = ClientRow.__table__.c
    return [table[n].label(prefix + n) for n in _RECORD] + [UserRow.id.label(prefix + "user_id")]


account_of_client = UserRow.client_id == ClientRow.id


def record_of(row: Row[Any], prefix: str = "") -> ClientRecord:
    """The record in a row of `record_columns(prefix)`."""
    m = row._mapping
    return _client_record(lambda name: m[prefix + name])


def _records() -> Select[Any]:
    return select(*record_columns()).outerjoin(UserRow, account_of_client)


# The clinic's client list without a search, on every dashboard and API list: built once, so
# a request pays neither their construction nor their cache key (bench/request_profile.py).
# The count comes with the page (one round trip, not two; evaluated once per statement).
_COUNT_IN_CLINIC = (
    select(func.count()).select_from(ClientRow).where(ClientRow.clinic_id == bindparam("clinic_id"))
)
_PAGE_IN_CLINIC = (
    _records()
    .add_columns(_COUNT_IN_CLINIC.scalar_subquery().correlate(None).label("total"))
    .where(ClientRow.clinic_id == bindparam("clinic_id"))
    .order_by(ClientRow.name_key, ClientRow.id)
    .limit(bindparam("limit"))
    .offset(bindparam("offset"))
)

# These clients' records (the dashboard panels' clients), built once likewise.
_MANY = _records().where(ClientRow.id.in_(bindparam("client_ids", expanding=True)))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class SqlClients:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, clinic_id: int, details: ClientDetails) -> ClientRecord:
        row = ClientRow(clinic_id=clinic_id)
        self._fill(row, details)
        self._s.add(row)
        self._s.flush()
        return _record(row, None)

    def get(self, client_id: int) -> ClientRecord | None:
        found = self._s.execute(_with_user().where(ClientRow.id == client_id)).first()
        return _record(found[0], found[1]) if found else None

    def many(self, client_ids: Collection[int]) -> Sequence[ClientRecord]:
        """These clients' records (in no set order), in one statement."""
        found = self._s.execute(_MANY, {"client_ids": sorted(client_ids)})
        return [record_of(row) for row in found]

    def update(self, client_id: int, details: ClientDetails) -> ClientRecord:
        row = self._s.get(ClientRow, client_id)
        if row is None:
            raise LookupError(client_id)
        self._fill(row, details)
        self._s.flush()
        found = self.get(client_id)
        assert found is not None
        return found

    def search(
        self, clinic_id: int, text: str = "", limit: int = 50, offset: int = 0
    ) -> tuple[Sequence[ClientRecord], int]:
        if not text:  # the client list as it opens: a statement built once
            page = {"clinic_id": clinic_id, "limit": limit, "offset": offset}
            rows = self._s.execute(_PAGE_IN_CLINIC, page).all()
            if rows:
                return [record_of(r) for r in rows], rows[0].total
            # a page past the end has no row to carry the count
            total = self._s.scalar(_COUNT_IN_CLINIC, {"clinic_id": clinic_id}) if offset else 0
            return [], total or 0
        where = [ClientRow.clinic_id == clinic_id]
        pattern = f"%{_escape_like(text.lower())}%"
        where.append(
            or_(
                ClientRow.name_key.like(pattern, escape="\\"),
                func.lower(func.coalesce(ClientRow.email, "")).like(pattern, escape="\\"),
            )
        )
        total = self._s.scalar(select(func.count()).select_from(ClientRow).where(*where)) or 0
        rows = self._s.execute(
            _with_user()
            .where(*where)
            .order_by(ClientRow.name_key, ClientRow.id)
            .limit(limit)
            .offset(offset)
        ).all()
        return [_record(r[0], r[1]) for r in rows], total

    @staticmethod
    def _fill(row: ClientRow, d: ClientDetails) -> None:
        row.name = d.name
        row.name_key = d.name.lower()
        row.date_of_birth = d.date_of_birth
        row.email = d.email
        row.phone = d.phone
        row.sports = list(d.sports)
        row.weekly_running_km = d.weekly_running_km
        row.goals = d.goals
