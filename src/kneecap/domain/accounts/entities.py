"""Clinics, users and the credentials that let them in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kneecap.domain.access.roles import Role


@dataclass(frozen=True)
class Clinic:
    id: int
    name: str
    slug: str
    require_two_factor: bool = False  # every staff member signs in with a second factor
    address: str = ""  # postal address, as letters from the clinic print it


@dataclass(frozen=True)
class User:
    id: int
    clinic_id: int
    email: str
    name: str
    role: Role
    password_hash: str | None
    active: bool = True
    client_id: int | None = None
    two_factor: bool = False  # signs in with an authenticator code after the password

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None


@dataclass(frozen=True)
class TotpState:
    """A user's authenticator secret: set when enrolment starts, enabled once a code from
    it was confirmed; `last_step` is the last RFC 6238 time step accepted."""

    secret: str | None = None
    enabled_at: datetime | None = None
    last_step: int | None = None


@dataclass(frozen=True)
class Invitation:
    """A one-time link that lets a new user set their password."""

    id: int
    clinic_id: int
    user_id: int
    token_hash: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None

    def usable(self, now: datetime) -> bool:
        return self.used_at is None and now < self.expires_at


@dataclass(frozen=True)
class ApiToken:
    id: int
    user_id: int
    name: str
    token_hash: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class WebSession:
    """A signed-in browser. Only the hash of its cookie value is stored, so a database
    copy cannot be used to sign in; sign-out deletes the row."""

    id: int
    user_id: int
    token_hash: str
    csrf_token: str
    created_at: datetime
    expires_at: datetime
    address: str
    pending: bool = False  # password accepted, second factor still to come
