"""Repositories and the unit of work that the account and client services need."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from kneecap.domain.access.audit import AuditEntry
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
    # Keyset paging (what the page uses: its cost does not grow with the log): the entries
    # just older than entry `before`, or just newer than entry `after`, still newest first.
    before: int | None = None
    after: int | None = None
    # Count at most this many matches (the total says "at least" once it reaches the cap), so
    # a page of a large log never counts all of it; None counts them all.
    count_cap: int | None = None


class ClinicRepository(Protocol):
    def add(self, name: str, slug: str) -> Clinic: ...
    def get(self, clinic_id: int) -> Clinic | None: ...
    def by_slug(self, slug: str) -> Clinic | None: ...
    def by_name(self, name: str) -> Clinic | None: ...
    def ids(self) -> Sequence[int]:
        """Every clinic's id (for sweeps that run across clinics)."""
        ...

    def set_require_two_factor(self, clinic_id: int, required: bool) -> None: ...
    def set_address(self, clinic_id: int, address: str) -> None: ...


class UserRepository(Protocol):
    def add(
        self, clinic_id: int, email: str, name: str, role: Role, client_id: int | None = None
    ) -> User: ...
    def get(self, user_id: int) -> User | None: ...
    def by_email(self, email: str) -> User | None: ...
    def in_clinic(self, clinic_id: int) -> Sequence[User]:
        """Every account of the clinic, the clients' own too, by name."""
        ...

    def staff_in_clinic(self, clinic_id: int) -> Sequence[User]:
        """The clinic's staff accounts (no client's), by name: what staff lists and pickers
        show, without reading the clinic's every client account."""
        ...

    def for_client(self, client_id: int) -> Sequence[User]:
        """The portal accounts of one client record."""
        ...

    def set_password_hash(self, user_id: int, password_hash: str) -> None: ...
    def totp(self, user_id: int) -> TotpState: ...
    def set_totp(self, user_id: int, state: TotpState) -> None: ...
    def throttle(self, user_id: int) -> ThrottleState: ...
    def set_throttle(self, user_id: int, state: ThrottleState) -> None: ...


class ClientRepository(Protocol):
    def add(self, clinic_id: int, details: ClientDetails) -> ClientRecord: ...
    def get(self, client_id: int) -> ClientRecord | None: ...
    def many(self, client_ids: Collection[int]) -> Sequence[ClientRecord]: ...
    def update(self, client_id: int, details: ClientDetails) -> ClientRecord: ...
    def search(
        self, clinic_id: int, text: str = "", limit: int = 50, offset: int = 0
    ) -> tuple[Sequence[ClientRecord], int]: ...


class AuditRepository(Protocol):
    def append(self, entry: AuditEntry) -> None: ...
    def keep(self, entry: AuditEntry) -> None:
        """An entry that outlives its unit of work: written when the work commits and also
        when it rolls back (a refusal rolls back what the request did, never its record).
        The unit of work writes it on its own connection after the rollback, so it never
        waits on a lock the request itself holds."""
        ...

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
        pending: bool = False,
    ) -> WebSession: ...
    def by_token_hash(self, token_hash: str) -> WebSession | None: ...
    def with_holder(self, token_hash: str) -> tuple[WebSession, User, Clinic, str] | None:
        """The session with its user, the user's clinic and the clinic's time zone."""
        ...

    def delete(self, session_id: int) -> None: ...
    def confirm(self, session_id: int, expires_at: datetime) -> None: ...


class RecoveryCodeRepository(Protocol):
    def replace(self, user_id: int, code_hashes: Sequence[str], now: datetime) -> None: ...
    def use(self, user_id: int, code_hash: str, now: datetime) -> bool: ...
    def unused(self, user_id: int) -> int: ...


class TokenRepository(Protocol):
    def add(
        self, user_id: int, name: str, token_hash: str, prefix: str, now: datetime
    ) -> ApiToken: ...
    def by_hash(self, token_hash: str) -> ApiToken | None: ...
    def with_holder(self, token_hash: str) -> tuple[ApiToken, User, Clinic, str] | None:
        """The token with its user, the user's clinic and the clinic's time zone."""
        ...

    def for_user(self, user_id: int) -> Sequence[ApiToken]: ...
    def revoke(self, token_id: int, now: datetime) -> None: ...
    def touch(self, token_id: int, now: datetime) -> None: ...


class InvitationRepository(Protocol):
    def add(
        self, clinic_id: int, user_id: int, token_hash: str, now: datetime, expires_at: datetime
    ) -> Invitation: ...
    def by_hash(self, token_hash: str) -> Invitation | None: ...
    def mark_used(self, invitation_id: int, now: datetime) -> None: ...


class UnitOfWork(Protocol):
    """One transaction. Leaving the `with` block without `commit()` rolls back."""

    # Read-only members, so an adapter's concrete repository types satisfy them.
    @property
    def clinics(self) -> ClinicRepository: ...
    @property
    def users(self) -> UserRepository: ...
    @property
    def clients(self) -> ClientRepository: ...
    @property
    def audit(self) -> AuditRepository: ...
    @property
    def sessions(self) -> SessionRepository: ...
    @property
    def tokens(self) -> TokenRepository: ...
    @property
    def invitations(self) -> InvitationRepository: ...
    @property
    def recovery_codes(self) -> RecoveryCodeRepository: ...

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
