"""Repositories and the unit of work that the account and client services need."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from kneecap.domain.access.audit import AuditEntry
from kneecap.domain.access.roles import Role
from kneecap.domain.accounts.entities import ApiToken, Clinic, Invitation, User, WebSession
from kneecap.domain.accounts.throttle import ThrottleState
from kneecap.domain.clients.record import ClientDetails, ClientRecord


@dataclass(frozen=True)
class AuditQuery:
    clinic_id: int
    client_id: int | None = None
    actor_user_id: int | None = None
    action_prefix: str | None = None
    outcome: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 50
    offset: int = 0


class ClinicRepository(Protocol):
    def add(self, name: str, slug: str) -> Clinic: ...
    def get(self, clinic_id: int) -> Clinic | None: ...
    def by_slug(self, slug: str) -> Clinic | None: ...
    def by_name(self, name: str) -> Clinic | None: ...


class UserRepository(Protocol):
    def add(
        self, clinic_id: int, email: str, name: str, role: Role, client_id: int | None = None
    ) -> User: ...
    def get(self, user_id: int) -> User | None: ...
    def by_email(self, email: str) -> User | None: ...
    def in_clinic(self, clinic_id: int) -> Sequence[User]: ...
    def set_password_hash(self, user_id: int, password_hash: str) -> None: ...
    def throttle(self, user_id: int) -> ThrottleState: ...
    def set_throttle(self, user_id: int, state: ThrottleState) -> None: ...


class ClientRepository(Protocol):
    def add(self, clinic_id: int, details: ClientDetails) -> ClientRecord: ...
    def get(self, client_id: int) -> ClientRecord | None: ...
    def update(self, client_id: int, details: ClientDetails) -> ClientRecord: ...
    def search(
        self, clinic_id: int, text: str = "", limit: int = 50, offset: int = 0
    ) -> tuple[Sequence[ClientRecord], int]: ...


class AuditRepository(Protocol):
    def append(self, entry: AuditEntry) -> None: ...
    def query(self, q: AuditQuery) -> tuple[Sequence[AuditEntry], int]: ...


class SessionRepository(Protocol):
    def add(
        self,
        user_id: int,
        token_hash: str,
        csrf_token: str,
        now: datetime,
        expires_at: datetime,
        address: str,
    ) -> WebSession: ...
    def by_token_hash(self, token_hash: str) -> WebSession | None: ...
    def delete(self, session_id: int) -> None: ...
    def delete_for_user(self, user_id: int) -> None: ...


class TokenRepository(Protocol):
    def add(
        self, user_id: int, name: str, token_hash: str, prefix: str, now: datetime
    ) -> ApiToken: ...
    def by_hash(self, token_hash: str) -> ApiToken | None: ...
    def for_user(self, user_id: int) -> Sequence[ApiToken]: ...
    def revoke(self, token_id: int, now: datetime) -> None: ...
    def touch(self, token_id: int, now: datetime) -> None: ...


class InvitationRepository(Protocol):
    def add(
        self, clinic_id: int, user_id: int, token_hash: str, now: datetime, expires_at: datetime
    ) -> Invitation: ...
    def by_hash(self, token_hash: str) -> Invitation | None: ...
    def mark_used(self, invitation_id: int, now: datetime) -> None: ...
    def pending_for_clinic(self, clinic_id: int, now: datetime) -> Sequence[Invitation]: ...


class UnitOfWork(Protocol):
    """One transaction. Leaving the `with` block without `commit()` rolls back."""

    clinics: ClinicRepository
    users: UserRepository
    clients: ClientRepository
    audit: AuditRepository
    sessions: SessionRepository
    tokens: TokenRepository
    invitations: InvitationRepository

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...
