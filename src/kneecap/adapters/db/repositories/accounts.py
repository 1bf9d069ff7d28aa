"""SQLAlchemy repositories for clinics, users, sessions, tokens and invitations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, Table, bindparam, delete, select, update
from sqlalchemy.orm import Session

from kneecap.adapters.db.models.accounts import (
    ApiTokenRow,
    ClinicRow,
    InvitationRow,
    RecoveryCodeRow,
    SessionRow,
    UserRow,
)
from kneecap.adapters.db.models.schedule import ClinicScheduleRow
from kneecap.domain.access.roles import Role
from kneecap.domain.accounts.entities import (
    ApiToken,
    Clinic,
    Invitation,
    TotpState,
    User,
    WebSession,
)
from kneecap.domain.accounts.throttle import ThrottleState
from kneecap.domain.schedule.appointments import ClinicRules


def _clinic(row: ClinicRow) -> Clinic:
    return Clinic(row.id, row.name, row.slug, bool(row.require_two_factor), row.address or "")


def _user(row: UserRow) -> User:
    return User(
        row.id,
        row.clinic_id,
        row.email,
        row.name,
        Role(row.role),
        row.password_hash,
        row.active,
        row.client_id,
        row.totp_enabled_at is not None,
    )


# The sign-in lookup runs on every request: one Core select joins the session (or token) to its
# user and clinic, without ORM objects (bench/request_profile.py prints the statements).
_USER_COLUMNS = (
    "id",
    "clinic_id",
    "email",
    "name",
    "role",
    "password_hash",
    "active",
    "client_id",
    "totp_enabled_at",
)
_CLINIC_COLUMNS = ("id", "name", "slug", "require_two_factor", "address")


def _labelled(table: Any, prefix: str, names: Sequence[str]) -> list[ColumnElement[Any]]:
    t: Table = table
    return [t.c[n].label(prefix + n) for n in names]


def _picked(row: Row[Any], prefix: str, names: Sequence[str]) -> Any:
    m = row._mapping
    return SimpleNamespace(**{n: m[prefix + n] for n in names})


def _holder_columns() -> list[ColumnElement[Any]]:
    return [
        *_labelled(UserRow.__table__, "u_", _USER_COLUMNS),
        *_labelled(ClinicRow.__table__, "c_", _CLINIC_COLUMNS),
        ClinicScheduleRow.time_zone.label("time_zone"),
    ]


def _holder(row: Row[Any]) -> tuple[User, Clinic, str]:
    return (
        _user(_picked(row, "u_", _USER_COLUMNS)),
        _clinic(_picked(row, "c_", _CLINIC_COLUMNS)),
        row.time_zone or ClinicRules().time_zone,  # no schedule row: the default
    )


def _with_holder(table: Any, prefix: str) -> tuple[Select[Any], list[str]]:
    """The sign-in lookup of every request: a row of `table` by its token hash, with its user,
    the user's clinic and the clinic's time zone (which every page shows its times in: read
    here, a page needs no statement of its own for it). Built once: a statement made per call
    costs more than it runs (its construction and cache key, bench/request_profile.py); this
    one's key is kept with it."""
    names = [c.name for c in table.columns]
    q = (
        select(*_labelled(table, prefix, names), *_holder_columns())
        .join(UserRow, UserRow.id == table.c.user_id)
        .join(ClinicRow, ClinicRow.id == UserRow.clinic_id)
        .outerjoin(ClinicScheduleRow, ClinicScheduleRow.clinic_id == ClinicRow.id)
        .where(table.c.token_hash == bindparam("token_hash"))
    )
    return q, names


class SqlClinics:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, name: str, slug: str) -> Clinic:
        row = ClinicRow(name=name, slug=slug)
        self._s.add(row)
        self._s.flush()
        return _clinic(row)

    def get(self, clinic_id: int) -> Clinic | None:
        row = self._s.get(ClinicRow, clinic_id)
        return _clinic(row) if row else None

    def by_slug(self, slug: str) -> Clinic | None:
        row = self._s.scalar(select(ClinicRow).where(ClinicRow.slug == slug))
        return _clinic(row) if row else None

    def by_name(self, name: str) -> Clinic | None:
        row = self._s.scalar(select(ClinicRow).where(ClinicRow.name == name))
        return _clinic(row) if row else None

    def ids(self) -> Sequence[int]:
        return list(self._s.scalars(select(ClinicRow.id).order_by(ClinicRow.id)))

    def set_address(self, clinic_id: int, address: str) -> None:
        self._s.execute(update(ClinicRow).where(ClinicRow.id == clinic_id).values(address=address))

    def set_require_two_factor(self, clinic_id: int, required: bool) -> None:
        self._s.execute(
            update(ClinicRow).where(ClinicRow.id == clinic_id).values(require_two_factor=required)
        )


class SqlUsers:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(
        self, clinic_id: int, email: str, name: str, role: Role, client_id: int | None = None
    ) -> User:
        row = UserRow(
            clinic_id=clinic_id,
            email=email,
            name=name,
            role=role.value,
            password_hash=None,
            active=True,
            client_id=client_id,
            failed_sign_ins=0,
        )
        self._s.add(row)
        self._s.flush()
        return _user(row)

    def get(self, user_id: int) -> User | None:
        row = self._s.get(UserRow, user_id)
        return _user(row) if row else None

    def by_email(self, email: str) -> User | None:
        row = self._s.scalar(select(UserRow).where(UserRow.email == email))
        return _user(row) if row else None

    def in_clinic(self, clinic_id: int) -> Sequence[User]:
        rows = self._s.scalars(
            select(UserRow).where(UserRow.clinic_id == clinic_id).order_by(UserRow.name)
        )
        return [_user(r) for r in rows]

    def staff_in_clinic(self, clinic_id: int) -> Sequence[User]:
        rows = self._s.scalars(
            select(UserRow)
            .where(UserRow.clinic_id == clinic_id, UserRow.role != Role.CLIENT.value)
            .order_by(UserRow.name)
        )
        return [_user(r) for r in rows]

    def for_client(self, client_id: int) -> Sequence[User]:
        rows = self._s.scalars(
            select(UserRow).where(UserRow.client_id == client_id).order_by(UserRow.id)
        )
        return [_user(r) for r in rows]

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        self._s.execute(
            update(UserRow).where(UserRow.id == user_id).values(password_hash=password_hash)
        )

    def totp(self, user_id: int) -> TotpState:
        row = self._s.get(UserRow, user_id)
        if row is None:
            return TotpState()
        return TotpState(row.totp_secret, row.totp_enabled_at, row.totp_last_step)

    def set_totp(self, user_id: int, state: TotpState) -> None:
        self._s.execute(
            update(UserRow)
            .where(UserRow.id == user_id)
            .values(
                totp_secret=state.secret,
                totp_enabled_at=state.enabled_at,
                totp_last_step=state.last_step,
            )
        )

    def throttle(self, user_id: int) -> ThrottleState:
        row = self._s.get(UserRow, user_id)
        if row is None:
            return ThrottleState()
        return ThrottleState(row.failed_sign_ins, row.last_failed_at, row.locked_until)

    def set_throttle(self, user_id: int, state: ThrottleState) -> None:
        self._s.execute(
            update(UserRow)
            .where(UserRow.id == user_id)
            .values(
                failed_sign_ins=state.failures,
                last_failed_at=state.last_failure_at,
                locked_until=state.locked_until,
            )
        )


def _session(row: SessionRow) -> WebSession:
    return WebSession(
        row.id,
        row.user_id,
        row.token_hash,
        row.csrf_token,
        row.created_at,
        row.expires_at,
        row.address,
        bool(row.second_factor_pending),
    )


class SqlSessions:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(
        self,
        user_id: int,
        token_hash: str,
        csrf_token: str,
        now: datetime,
        expires_at: datetime,
        address: str,
        pending: bool = False,
    ) -> WebSession:
        row = SessionRow(
            user_id=user_id,
            token_hash=token_hash,
            csrf_token=csrf_token,
            created_at=now,
            expires_at=expires_at,
            address=address[:64],
            second_factor_pending=pending,
        )
        self._s.add(row)
        self._s.flush()
        return _session(row)

    def by_token_hash(self, token_hash: str) -> WebSession | None:
        row = self._s.scalar(select(SessionRow).where(SessionRow.token_hash == token_hash))
        return _session(row) if row else None

    def with_holder(self, token_hash: str) -> tuple[WebSession, User, Clinic, str] | None:
        """The session, its user, the user's clinic and its time zone, in one statement."""
        q, names = _SESSION_WITH_HOLDER
        row = self._s.execute(q, {"token_hash": token_hash}).first()
        if row is None:
            return None
        return (_session(_picked(row, "s_", names)), *_holder(row))

    def delete(self, session_id: int) -> None:
        self._s.execute(delete(SessionRow).where(SessionRow.id == session_id))

    def confirm(self, session_id: int, expires_at: datetime) -> None:
        """The second factor came: the session now signs its user in, for its full length."""
        confirmed = update(SessionRow).where(SessionRow.id == session_id)
        self._s.execute(confirmed.values(second_factor_pending=False, expires_at=expires_at))


class SqlRecoveryCodes:
    def __init__(self, session: Session) -> None:
        self._s = session

    def replace(self, user_id: int, code_hashes: Sequence[str], now: datetime) -> None:
        self._s.execute(delete(RecoveryCodeRow).where(RecoveryCodeRow.user_id == user_id))
        self._s.add_all(
            RecoveryCodeRow(user_id=user_id, code_hash=h, created_at=now) for h in code_hashes
        )

    def use(self, user_id: int, code_hash: str, now: datetime) -> bool:
        """Spend an unused code of this user; False when there is none."""
        done = self._s.execute(
            update(RecoveryCodeRow)
            .where(
                RecoveryCodeRow.user_id == user_id,
                RecoveryCodeRow.code_hash == code_hash,
                RecoveryCodeRow.used_at.is_(None),
            )
            .values(used_at=now)
        )
        return bool(getattr(done, "rowcount", 0))

    def unused(self, user_id: int) -> int:
        return len(
            self._s.scalars(
                select(RecoveryCodeRow.id).where(
                    RecoveryCodeRow.user_id == user_id, RecoveryCodeRow.used_at.is_(None)
                )
            ).all()
        )


def _token(row: ApiTokenRow) -> ApiToken:
    return ApiToken(
        row.id,
        row.user_id,
        row.name,
        row.token_hash,
        row.prefix,
        row.created_at,
        row.last_used_at,
        row.revoked_at,
    )


class SqlTokens:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, user_id: int, name: str, token_hash: str, prefix: str, now: datetime) -> ApiToken:
        row = ApiTokenRow(
            user_id=user_id, name=name, token_hash=token_hash, prefix=prefix, created_at=now
        )
        self._s.add(row)
        self._s.flush()
        return _token(row)

    def by_hash(self, token_hash: str) -> ApiToken | None:
        row = self._s.scalar(select(ApiTokenRow).where(ApiTokenRow.token_hash == token_hash))
        return _token(row) if row else None

    def with_holder(self, token_hash: str) -> tuple[ApiToken, User, Clinic, str] | None:
        """The token, its user, the user's clinic and its time zone, in one statement."""
        q, names = _TOKEN_WITH_HOLDER
        row = self._s.execute(q, {"token_hash": token_hash}).first()
        if row is None:
            return None
        return (_token(_picked(row, "t_", names)), *_holder(row))

    def for_user(self, user_id: int) -> Sequence[ApiToken]:
        rows = self._s.scalars(
            select(ApiTokenRow).where(ApiTokenRow.user_id == user_id).order_by(ApiTokenRow.id)
        )
        return [_token(r) for r in rows]

    def revoke(self, token_id: int, now: datetime) -> None:
        self._s.execute(
            update(ApiTokenRow)
            .where(ApiTokenRow.id == token_id, ApiTokenRow.revoked_at.is_(None))
            .values(revoked_at=now)
        )

    def touch(self, token_id: int, now: datetime) -> None:
        self._s.execute(
            update(ApiTokenRow).where(ApiTokenRow.id == token_id).values(last_used_at=now)
        )


def _invitation(row: InvitationRow) -> Invitation:
    return Invitation(
        row.id,
        row.clinic_id,
        row.user_id,
        row.token_hash,
        row.created_at,
        row.expires_at,
        row.used_at,
    )


class SqlInvitations:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(
        self, clinic_id: int, user_id: int, token_hash: str, now: datetime, expires_at: datetime
    ) -> Invitation:
        row = InvitationRow(
            clinic_id=clinic_id,
            user_id=user_id,
            token_hash=token_hash,
            created_at=now,
            expires_at=expires_at,
        )
        self._s.add(row)
        self._s.flush()
        return _invitation(row)

    def by_hash(self, token_hash: str) -> Invitation | None:
        row = self._s.scalar(select(InvitationRow).where(InvitationRow.token_hash == token_hash))
        return _invitation(row) if row else None

    def mark_used(self, invitation_id: int, now: datetime) -> None:
        self._s.execute(
            update(InvitationRow).where(InvitationRow.id == invitation_id).values(used_at=now)
        )


_SESSION_WITH_HOLDER = _with_holder(SessionRow.__table__, "s_")
_TOKEN_WITH_HOLDER = _with_holder(ApiTokenRow.__table__, "t_")
