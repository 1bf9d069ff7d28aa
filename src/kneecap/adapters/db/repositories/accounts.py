"""SQLAlchemy repositories for clinics, users, sessions, tokens and invitations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from kneecap.adapters.db.models.accounts import (
    ApiTokenRow,
    ClinicRow,
    InvitationRow,
    SessionRow,
    UserRow,
)
from kneecap.domain.access.roles import Role
from kneecap.domain.accounts.entities import ApiToken, Clinic, Invitation, User, WebSession
from kneecap.domain.accounts.throttle import ThrottleState


def _clinic(row: ClinicRow) -> Clinic:
    return Clinic(row.id, row.name, row.slug)


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
    )


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

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        self._s.execute(
            update(UserRow).where(UserRow.id == user_id).values(password_hash=password_hash)
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
    ) -> WebSession:
        row = SessionRow(
            user_id=user_id,
            token_hash=token_hash,
            csrf_token=csrf_token,
            created_at=now,
            expires_at=expires_at,
            address=address[:64],
        )
        self._s.add(row)
        self._s.flush()
        return _session(row)

    def by_token_hash(self, token_hash: str) -> WebSession | None:
        row = self._s.scalar(select(SessionRow).where(SessionRow.token_hash == token_hash))
        return _session(row) if row else None

    def delete(self, session_id: int) -> None:
        self._s.execute(delete(SessionRow).where(SessionRow.id == session_id))


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
