"""Fake repositories for clinics, users, client records, the audit log, sessions, recovery
codes, tokens and invitations: the same answers as the SQL ones (order, search, filters), kept
in Tables."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import datetime

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
from kneecap.domain.schedule.appointments import ClinicRules
from kneecap.ports.repositories import AuditQuery
from tests.fakes.tables import RecoveryCode, Tables


class FakeClinics:
    def __init__(self, t: Tables) -> None:
        self._t = t

    def add(self, name: str, slug: str) -> Clinic:
        clinics = self._t.clinics
        return clinics.put(n := clinics.next_id(), Clinic(n, name, slug))

    def get(self, clinic_id: int) -> Clinic | None:
        return self._t.clinics.get(clinic_id)

    def by_slug(self, slug: str) -> Clinic | None:
        return self._t.clinics.first(lambda c: c.slug == slug)

    def by_name(self, name: str) -> Clinic | None:
        return self._t.clinics.first(lambda c: c.name == name)

    def ids(self) -> Sequence[int]:
        return sorted(c.id for c in self._t.clinics.rows())

    def set_address(self, clinic_id: int, address: str) -> None:
        clinic = self._t.clinics.get(clinic_id)
        if clinic is not None:
            self._t.clinics.put(clinic_id, replace(clinic, address=address))

    def set_require_two_factor(self, clinic_id: int, required: bool) -> None:
        clinic = self._t.clinics.get(clinic_id)
        if clinic is not None:
            self._t.clinics.put(clinic_id, replace(clinic, require_two_factor=required))


class FakeUsers:
    """`two_factor` is read from the user's TOTP state, as the SQL one reads it from the
    confirmation time in the same row."""

    def __init__(self, t: Tables) -> None:
        self._t = t

    def _with_totp(self, user: User) -> User:
        state = self._t.totp.get(user.id)
        return replace(user, two_factor=state is not None and state.enabled_at is not None)

    def add(
        self, clinic_id: int, email: str, name: str, role: Role, client_id: int | None = None
    ) -> User:
        if self.by_email(email) is not None:
            raise AssertionError(f"users.email is unique: {email}")  # as the SQL constraint
        users = self._t.users
        n = users.next_id()
        return users.put(n, User(n, clinic_id, email, name, role, None, True, client_id))

    def get(self, user_id: int) -> User | None:
        found = self._t.users.get(user_id)
        return self._with_totp(found) if found else None

    def by_email(self, email: str) -> User | None:
        found = self._t.users.first(lambda u: u.email == email)
        return self._with_totp(found) if found else None

    def in_clinic(self, clinic_id: int) -> Sequence[User]:
        found = self._t.users.rows(lambda u: u.clinic_id == clinic_id)
        return sorted((self._with_totp(u) for u in found), key=lambda u: u.name)

    def staff_in_clinic(self, clinic_id: int) -> Sequence[User]:
        return [u for u in self.in_clinic(clinic_id) if u.role is not Role.CLIENT]

    def for_client(self, client_id: int) -> Sequence[User]:
        found = self._t.users.rows(lambda u: u.client_id == client_id)
        return sorted((self._with_totp(u) for u in found), key=lambda u: u.id)

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        user = self._t.users.get(user_id)
        if user is not None:
            self._t.users.put(user_id, replace(user, password_hash=password_hash))

    def totp(self, user_id: int) -> TotpState:
        return self._t.totp.get(user_id) or TotpState()

    def set_totp(self, user_id: int, state: TotpState) -> None:
        if self._t.users.get(user_id) is not None:  # an update of no row changes nothing
            self._t.totp.put(user_id, state)

    def throttle(self, user_id: int) -> ThrottleState:
        return self._t.throttles.get(user_id) or ThrottleState()

    def set_throttle(self, user_id: int, state: ThrottleState) -> None:
        self._t.throttles.put(user_id, state)


class FakeClients:
    def __init__(self, t: Tables) -> None:
        self._t = t

    def _with_user(self, record: ClientRecord) -> ClientRecord:
        users = self._t.users.rows(lambda u: u.client_id == record.id)
        return replace(record, user_id=users[0].id if users else None)

    def add(self, clinic_id: int, details: ClientDetails) -> ClientRecord:
        n = self._t.clients.next_id()
        return self._t.clients.put(n, ClientRecord(n, clinic_id, details))

    def get(self, client_id: int) -> ClientRecord | None:
        found = self._t.clients.get(client_id)
        return self._with_user(found) if found else None

    def many(self, client_ids: Collection[int]) -> Sequence[ClientRecord]:
        return [r for i in client_ids if (r := self.get(i)) is not None]

    def update(self, client_id: int, details: ClientDetails) -> ClientRecord:
        found = self._t.clients.get(client_id)
        if found is None:
            raise LookupError(client_id)
        self._t.clients.put(client_id, replace(found, details=details))
        updated = self.get(client_id)
        assert updated is not None
        return updated

    def search(
        self, clinic_id: int, text: str = "", limit: int = 50, offset: int = 0
    ) -> tuple[Sequence[ClientRecord], int]:
        needle = text.lower()

        def matches(r: ClientRecord) -> bool:
            words = (r.details.name.lower(), (r.details.email or "").lower())
            return r.clinic_id == clinic_id and any(needle in w for w in words)

        found = sorted(self._t.clients.rows(matches), key=lambda r: (r.details.name.lower(), r.id))
        return [self._with_user(r) for r in found[offset : offset + limit]], len(found)


class FakeAudit:
    """Append-only, as the real log: there is no way to change an entry. Entries it is told
    to `keep` (denials) wait for the unit of work: written with its commit, or after its
    rollback (FakeUnitOfWork)."""

    def __init__(self, t: Tables) -> None:
        self._t = t
        self.kept: list[AuditEntry] = []

    def keep(self, entry: AuditEntry) -> None:
        self.kept.append(entry)

    def append(self, entry: AuditEntry) -> None:
        n = self._t.audit.next_id()
        self._t.audit.put(n, replace(entry, id=n))

    def write_kept(self) -> None:
        for entry in self.kept:
            self.append(entry)
        self.kept.clear()

    def query(self, q: AuditQuery) -> tuple[Sequence[AuditEntry], int]:
        def matches(e: AuditEntry) -> bool:
            return (
                e.clinic_id == q.clinic_id
                and (q.client_id is None or e.client_id == q.client_id)
                and (q.actor_user_id is None or e.actor_user_id == q.actor_user_id)
                and (not q.action_prefix or e.action.startswith(q.action_prefix))
                and (not q.outcome or e.outcome == q.outcome)
                and (q.since is None or e.at >= q.since)
                and (q.until is None or e.at < q.until)
            )

        found = sorted(self._t.audit.rows(matches), key=lambda e: (e.at, e.id or 0), reverse=True)
        total = len(found) if q.count_cap is None else min(len(found), q.count_cap)
        cursor = q.after if q.after is not None else q.before
        if cursor is None:
            return found[q.offset : q.offset + q.limit], total
        at = [
            e for e in self._t.audit.rows(lambda e: e.id == cursor and e.clinic_id == q.clinic_id)
        ]
        if not at:
            return [], total
        mark = (at[0].at, cursor)
        if q.after is not None:
            newer = [e for e in found if (e.at, e.id or 0) > mark]
            return newer[-q.limit :] if q.limit else [], total
        return [e for e in found if (e.at, e.id or 0) < mark][: q.limit], total


def _holder(t: Tables, user_id: int) -> tuple[User, Clinic, str] | None:
    """A session's or token's user, their clinic (as the SQL join: both must exist) and its
    time zone."""
    user = FakeUsers(t).get(user_id)
    clinic = t.clinics.get(user.clinic_id) if user else None
    rules = t.schedule_rules.get(clinic.id) if clinic else None
    zone = (rules or ClinicRules()).time_zone
    return (user, clinic, zone) if user and clinic else None


class FakeSessions:
    def __init__(self, t: Tables) -> None:
        self._t = t

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
        n = self._t.sessions.next_id()
        session = WebSession(
            n, user_id, token_hash, csrf_token, now, expires_at, address[:64], pending
        )
        return self._t.sessions.put(n, session)

    def by_token_hash(self, token_hash: str) -> WebSession | None:
        return self._t.sessions.first(lambda s: s.token_hash == token_hash)

    def with_holder(self, token_hash: str) -> tuple[WebSession, User, Clinic, str] | None:
        found = self.by_token_hash(token_hash)
        held = _holder(self._t, found.user_id) if found else None
        return (found, *held) if found and held else None

    def delete(self, session_id: int) -> None:
        self._t.sessions.delete(session_id)

    def confirm(self, session_id: int, expires_at: datetime) -> None:
        found = self._t.sessions.get(session_id)
        if found is not None:
            confirmed = replace(found, pending=False, expires_at=expires_at)
            self._t.sessions.put(session_id, confirmed)


class FakeRecoveryCodes:
    def __init__(self, t: Tables) -> None:
        self._t = t

    def replace(self, user_id: int, code_hashes: Sequence[str], now: datetime) -> None:
        codes = self._t.recovery_codes
        for n, _ in codes.items(lambda c: c.user_id == user_id):
            codes.delete(n)
        for code_hash in code_hashes:
            if code_hash in {c.code_hash for c in codes.rows()}:
                raise AssertionError("recovery_codes.code_hash is unique")  # as the SQL one
            codes.put(codes.next_id(), RecoveryCode(user_id, code_hash, now))

    def use(self, user_id: int, code_hash: str, now: datetime) -> bool:
        codes = self._t.recovery_codes
        for n, code in codes.items(lambda c: c.user_id == user_id and c.code_hash == code_hash):
            if code.used_at is None:
                codes.put(n, replace(code, used_at=now))
                return True
        return False

    def unused(self, user_id: int) -> int:
        unused = self._t.recovery_codes.rows(lambda c: c.user_id == user_id and c.used_at is None)
        return len(unused)


class FakeTokens:
    def __init__(self, t: Tables) -> None:
        self._t = t

    def add(self, user_id: int, name: str, token_hash: str, prefix: str, now: datetime) -> ApiToken:
        n = self._t.tokens.next_id()
        return self._t.tokens.put(n, ApiToken(n, user_id, name, token_hash, prefix, now))

    def by_hash(self, token_hash: str) -> ApiToken | None:
        return self._t.tokens.first(lambda t: t.token_hash == token_hash)

    def with_holder(self, token_hash: str) -> tuple[ApiToken, User, Clinic, str] | None:
        found = self.by_hash(token_hash)
        held = _holder(self._t, found.user_id) if found else None
        return (found, *held) if found and held else None

    def for_user(self, user_id: int) -> Sequence[ApiToken]:
        return self._t.tokens.rows(lambda t: t.user_id == user_id)

    def revoke(self, token_id: int, now: datetime) -> None:
        token = self._t.tokens.get(token_id)
        if token is not None and token.revoked_at is None:
            self._t.tokens.put(token_id, replace(token, revoked_at=now))

    def touch(self, token_id: int, now: datetime) -> None:
        token = self._t.tokens.get(token_id)
        if token is not None:
            self._t.tokens.put(token_id, replace(token, last_used_at=now))


class FakeInvitations:
    def __init__(self, t: Tables) -> None:
        self._t = t

    def add(
        self, clinic_id: int, user_id: int, token_hash: str, now: datetime, expires_at: datetime
    ) -> Invitation:
        n = self._t.invitations.next_id()
        invitation = Invitation(n, clinic_id, user_id, token_hash, now, expires_at)
        return self._t.invitations.put(n, invitation)

    def by_hash(self, token_hash: str) -> Invitation | None:
        return self._t.invitations.first(lambda i: i.token_hash == token_hash)

    def mark_used(self, invitation_id: int, now: datetime) -> None:
        found = self._t.invitations.get(invitation_id)
        if found is not None:
            self._t.invitations.put(invitation_id, replace(found, used_at=now))
