"""Sign-in, sessions, API tokens, invitations and new accounts."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from kneecap.domain.access.audit import AuditEntry
from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource
from kneecap.domain.access.roles import Actor, Role
from kneecap.domain.accounts import throttle
from kneecap.domain.accounts.entities import ApiToken, Clinic, User, WebSession
from kneecap.domain.accounts.passwords import PasswordRejected, check_new_password
from kneecap.domain.clients.record import EMAIL_RE
from kneecap.ports.repositories import UnitOfWork, UnitOfWorkFactory
from kneecap.ports.security import Clock, PasswordHasher
from kneecap.services.authz import Gate
from kneecap.services.caller import Caller
from kneecap.services.errors import Conflict, Invalid, NotFound, SignInFailed
from kneecap.services.tokens import digest, new_api_token, new_secret

INVITATION_DAYS = 7
TOKEN_TOUCH_SECONDS = 60
# Verified against when the email is unknown, so a wrong email takes as long as a wrong
# password and sign-in does not reveal which addresses have accounts.
_DUMMY_PASSWORD = "not-a-real-password-but-long-enough"


@dataclass(frozen=True)
class SignedIn:
    user: User
    session_token: str
    csrf_token: str
    pending: bool = False  # the password was right; the second factor is still to come


log = logging.getLogger("kneecap.accounts")
DEFAULT_ORIGIN = "http://127.0.0.1:8000"
SECOND_FACTOR_MINUTES = 10  # how long the code page waits after the password


@dataclass(frozen=True)
class Holder:
    """Who a session cookie or an API token signs in, with their clinic and its time zone
    (read in the same statement, so a request needs no second lookup for the clinic's
    two-factor switch nor for the zone its pages show times in)."""

    user: User
    session: WebSession | None  # None for an API token
    clinic: Clinic
    time_zone: str


@dataclass(frozen=True)
class InvitationLink:
    user: User
    token: str
    url: str


@dataclass(frozen=True)
class AccountPolicy:
    session_hours: int
    lockout_after: int
    lockout_minutes: int
    base_url: str | None  # KNEECAP_BASE_URL; None: links follow the request


def actor_for(user: User) -> Actor:
    return Actor(user.id, user.clinic_id, user.role, user.email, client_id=user.client_id)


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "clinic"


class AccountService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        gate: Gate,
        hasher: PasswordHasher,
        clock: Clock,
        policy: AccountPolicy,
    ) -> None:
        self._uow = uow_factory
        self._gate = gate
        self._hasher = hasher
        self._clock = clock
        self._policy = policy
        self._dummy_hash = hasher.hash(_DUMMY_PASSWORD)
        self._on_invitation: Callable[[InvitationLink], object] | None = None

    def mail_invitations_with(self, send: Callable[[InvitationLink], object]) -> None:
        """Where a new invitation goes once made (the e-mail notifications)."""
        self._on_invitation = send

    def _invited(self, link: InvitationLink) -> InvitationLink:
        if self._on_invitation is not None:
            try:
                self._on_invitation(link)
            except Exception as exc:  # the invitation stands; its link is shown as before
                log.warning("invitation mail for %s failed: %s", link.user.id, type(exc).__name__)
        return link

    # -- sign-in and sessions ------------------------------------------------------------

    def sign_in(self, email: str, password: str, address: str) -> SignedIn:
        now = self._clock.now()
        wrong = SignInFailed("That email and password do not match an account.")
        with self._uow() as uow:
            user = uow.users.by_email(email.strip().lower())
            if user is None or not user.active or user.password_hash is None:
                self._hasher.verify(self._dummy_hash, password)
                raise wrong
            verdict = throttle.check(uow.users.throttle(user.id), now)
            if not verdict.allowed:
                self._audit(uow, user, "auth.sign_in", "throttled", address, verdict.message)
                uow.commit()
                raise SignInFailed(verdict.message)
            if not self._hasher.verify(user.password_hash, password):
                state = throttle.after_failure(
                    uow.users.throttle(user.id),
                    now,
                    self._policy.lockout_after,
                    self._policy.lockout_minutes,
                )
                uow.users.set_throttle(user.id, state)
                self._audit(
                    uow, user, "auth.sign_in", "failed", address, f"failure {state.failures}"
                )
                uow.commit()
                after = throttle.check(state, now)
                raise SignInFailed(after.message if after.locked else wrong.message)
            token, csrf = new_secret(), secrets.token_urlsafe(24)
            # With a second factor the session signs nobody in until a code confirms it
            # (TwoFactorService.complete_sign_in); the throttle counts until then.
            pending = user.two_factor
            if not pending:
                uow.users.set_throttle(user.id, throttle.after_success())
            hours = SECOND_FACTOR_MINUTES / 60 if pending else self._policy.session_hours
            uow.sessions.add(
                user.id, digest(token), csrf, now, now + timedelta(hours=hours), address, pending
            )
            outcome = "pending" if pending else "allow"
            self._audit(
                uow,
                user,
                "auth.sign_in",
                outcome,
                address,
                "password; code next" if pending else "",
            )
            uow.commit()
        return SignedIn(user, token, csrf, pending)

    def session(self, token: str) -> tuple[User, WebSession] | None:
        found = self.session_holder(token)
        return (found.user, found.session) if found and found.session else None

    def session_holder(self, token: str) -> Holder | None:
        """The signed-in user of a session cookie (not one waiting for its second factor)."""
        now = self._clock.now()
        with self._uow() as uow:
            found = uow.sessions.with_holder(digest(token))
            if found is None:
                return None
            session, user, clinic, time_zone = found
            if session.expires_at <= now:
                uow.sessions.delete(session.id)
                uow.commit()
                return None
            if session.pending:
                return None  # password only: not signed in until the second factor
            if not user.active:
                return None
            return Holder(user, session, clinic, time_zone)

    def sign_out(self, token: str, address: str) -> None:
        with self._uow() as uow:
            found = uow.sessions.by_token_hash(digest(token))
            if found is None:
                return
            uow.sessions.delete(found.id)
            user = uow.users.get(found.user_id)
            if user is not None:
                self._audit(uow, user, "auth.sign_out", "allow", address)
            uow.commit()

    # -- personal access tokens ----------------------------------------------------------

    def create_token(self, caller: Caller, name: str) -> tuple[ApiToken, str]:
        name = " ".join(name.split())[:100] or "API token"
        actor = caller.actor
        if actor.user_id is None:
            raise Invalid("Tokens belong to a user; name one.")
        plain = new_api_token()
        with self._uow() as uow:
            self._gate.check(uow, caller, Action.TOKEN_MANAGE, self._self_resource(actor))
            token = uow.tokens.add(
                actor.user_id, name, digest(plain), plain[:11], self._clock.now()
            )
            self._gate.record(uow, caller, "token.create", self._self_resource(actor), name)
            uow.commit()
        return token, plain

    def tokens(self, caller: Caller) -> Sequence[ApiToken]:
        actor = caller.actor
        with self._uow() as uow:
            self._gate.check(uow, caller, Action.TOKEN_MANAGE, self._self_resource(actor))
            return uow.tokens.for_user(actor.user_id or -1)

    def revoke_token(self, caller: Caller, token_id: int) -> None:
        actor = caller.actor
        with self._uow() as uow:
            mine = {t.id for t in uow.tokens.for_user(actor.user_id or -1)}
            if token_id not in mine:
                raise NotFound("That token")
            self._gate.check(uow, caller, Action.TOKEN_MANAGE, self._self_resource(actor))
            uow.tokens.revoke(token_id, self._clock.now())
            self._gate.record(
                uow, caller, "token.revoke", self._self_resource(actor), str(token_id)
            )
            uow.commit()

    def token_user(self, plain: str) -> User | None:
        found = self.token_holder(plain)
        return found.user if found else None

    def token_holder(self, plain: str) -> Holder | None:
        with self._uow() as uow:
            found = uow.tokens.with_holder(digest(plain))
            if found is None:
                return None
            token, user, clinic, time_zone = found
            if not token.active or not user.active:
                return None
            now = self._clock.now()
            # Record use at most once a minute: a busy script should not make every read a write.
            last = token.last_used_at
            if last is None or (now - last).total_seconds() >= TOKEN_TOUCH_SECONDS:
                uow.tokens.touch(token.id, now)
                uow.commit()
            return Holder(user, None, clinic, time_zone)

    # -- accounts and invitations --------------------------------------------------------

    def create_clinic(self, name: str) -> Clinic:
        name = " ".join(name.split())
        if not name:
            raise Invalid("Name the clinic.", {"clinic": "Enter a clinic name."})
        with self._uow() as uow:
            existing = uow.clinics.by_name(name)
            if existing is not None:
                return existing
            slug, n = slugify(name), 2
            while uow.clinics.by_slug(slug) is not None:
                slug, n = f"{slugify(name)}-{n}", n + 1
            clinic = uow.clinics.add(name, slug)
            uow.commit()
            return clinic

    def clinic_by_name(self, name: str) -> Clinic | None:
        with self._uow() as uow:
            return uow.clinics.by_name(" ".join(name.split())) or uow.clinics.by_slug(name)

    def set_clinic_address(self, caller: Caller, address: str) -> Clinic:
        """The admin sets the postal address the clinic's letters print."""
        text = "\n".join(line.strip() for line in address.strip().splitlines() if line.strip())
        if len(text) > 500:
            raise Invalid("Keep the address to 500 characters.", {"address": "too long"})
        with self._uow() as uow:
            resource = Resource("clinic", caller.actor.clinic_id)
            self._gate.check(uow, caller, Action.CLINIC_SETTINGS, resource)
            uow.clinics.set_address(caller.actor.clinic_id, text)
            self._gate.record(uow, caller, Action.CLINIC_SETTINGS, resource, "address")
            found = uow.clinics.get(caller.actor.clinic_id)
            uow.commit()
        assert found is not None
        return found

    def clinic(self, clinic_id: int) -> Clinic | None:
        # Read each time: the address can change on another app process, and pages that
        # show the clinic usually have it already from the sign-in lookup.
        with self._uow() as uow:
            return uow.clinics.get(clinic_id)

    def invite_staff(
        self, caller: Caller, email: str, name: str, role: Role, origin: str | None = None
    ) -> InvitationLink:
        """`origin`: where the app was reached (the link's address when none is configured)."""
        if role is Role.CLIENT:
            raise Invalid(
                "Clients are invited from their client record.", {"role": "Choose a staff role."}
            )
        with self._uow() as uow:
            self._gate.check(
                uow, caller, Action.STAFF_INVITE, Resource("clinic", caller.actor.clinic_id)
            )
            user = self._new_user(uow, caller.actor.clinic_id, email, name, role)
            link = self._invitation(uow, user, origin)
            self._gate.record(
                uow,
                caller,
                Action.STAFF_INVITE,
                Resource("user", user.clinic_id, id=user.id),
                f"invited a {role.value}",
            )
            uow.commit()
        return self._invited(link)

    def invite_client(
        self, caller: Caller, client_id: int, email: str | None = None, origin: str | None = None
    ) -> InvitationLink:
        with self._uow() as uow:
            record = self._gate.client(uow, caller, Action.CLIENT_INVITE, client_id)
            address = (email or record.details.email or "").strip().lower()
            if not address:
                raise Invalid(
                    "Add the client's email address first.", {"email": "Enter an email address."}
                )
            if record.user_id is not None:
                user = uow.users.get(record.user_id)
                assert user is not None
                if user.has_password:
                    raise Conflict("This client already has an account and can sign in.")
            else:
                user = self._new_user(
                    uow, record.clinic_id, address, record.name, Role.CLIENT, record.id
                )
            link = self._invitation(uow, user, origin)
            uow.commit()
        return self._invited(link)

    def add_user(
        self,
        clinic_id: int,
        email: str,
        name: str,
        role: Role,
        password: str | None = None,
        client_id: int | None = None,
    ) -> tuple[User, InvitationLink | None]:
        """Command-line account set-up for a clinic (acts as the system)."""
        if password is not None:
            self._check_password(password, email)
        with self._uow() as uow:
            user = self._new_user(uow, clinic_id, email, name, role, client_id)
            link = None
            if password is not None:
                uow.users.set_password_hash(user.id, self._hasher.hash(password))
            else:
                link = self._invitation(uow, user)
            caller = Caller(Actor.system_for(clinic_id), "cli")
            self._gate.record(
                uow, caller, "user.add", Resource("user", clinic_id, id=user.id), role.value
            )
            uow.commit()
        return user, link

    def invitation_user(self, token: str) -> User:
        now = self._clock.now()
        with self._uow() as uow:
            inv = uow.invitations.by_hash(digest(token))
            if inv is None or not inv.usable(now):
                raise NotFound("That invitation link (it may have been used or have expired)")
            user = uow.users.get(inv.user_id)
            if user is None:
                raise NotFound("That invitation link")
            return user

    def accept_invitation(self, token: str, password: str, address: str) -> User:
        now = self._clock.now()
        user = self.invitation_user(token)
        self._check_password(password, user.email)
        with self._uow() as uow:
            inv = uow.invitations.by_hash(digest(token))
            if inv is None or not inv.usable(now):
                raise NotFound("That invitation link")
            uow.users.set_password_hash(user.id, self._hasher.hash(password))
            uow.invitations.mark_used(inv.id, now)
            self._audit(uow, user, "auth.accept_invitation", "allow", address)
            uow.commit()
        return user

    def staff(self, caller: Caller) -> Sequence[User]:
        with self._uow() as uow:
            self._gate.check(
                uow, caller, Action.STAFF_LIST, Resource("clinic", caller.actor.clinic_id)
            )
            return list(uow.users.staff_in_clinic(caller.actor.clinic_id))

    def reset_demo_passwords(self, clinic_id: int, domain: str, password: str) -> None:
        """Give every account of `domain` in this clinic the same password (demo only)."""
        self._check_password(password, "")
        password_hash = self._hasher.hash(password)
        with self._uow() as uow:
            for user in uow.users.in_clinic(clinic_id):
                if user.email.endswith("@" + domain):
                    uow.users.set_password_hash(user.id, password_hash)
                    uow.users.set_throttle(user.id, throttle.after_success())
            uow.commit()

    def user_by_email(self, email: str) -> User | None:
        with self._uow() as uow:
            return uow.users.by_email(email.strip().lower())

    # -- internals -----------------------------------------------------------------------

    def _check_password(self, password: str, email: str) -> None:
        try:
            check_new_password(password, email)
        except PasswordRejected as exc:
            raise Invalid(str(exc), {"password": str(exc)}) from exc

    def _new_user(
        self,
        uow: UnitOfWork,
        clinic_id: int,
        email: str,
        name: str,
        role: Role,
        client_id: int | None = None,
    ) -> User:
        email = email.strip().lower()
        name = " ".join(name.split())
        errors = {}
        if not EMAIL_RE.match(email):
            errors["email"] = "Enter an email address like name@example.com."
        if not name:
            errors["name"] = "Enter a name."
        if errors:
            raise Invalid("Please correct the highlighted fields.", errors)
        if uow.users.by_email(email) is not None:
            raise Conflict(f"An account with the email {email} already exists.")
        return uow.users.add(clinic_id, email, name, role, client_id)

    def _invitation(self, uow: UnitOfWork, user: User, origin: str | None = None) -> InvitationLink:
        now = self._clock.now()
        token = new_secret()
        uow.invitations.add(
            user.clinic_id, user.id, digest(token), now, now + timedelta(days=INVITATION_DAYS)
        )
        # The configured address wins; else where the inviter reached the app; else the
        # address `kneecap serve` listens on by default.
        base = self._policy.base_url or origin or DEFAULT_ORIGIN
        return InvitationLink(user, token, f"{base.rstrip('/')}/invitations/{token}")

    def _self_resource(self, actor: Actor) -> Resource:
        return Resource("token", actor.clinic_id, owner_user_id=actor.user_id)

    def _audit(
        self, uow: UnitOfWork, user: User, action: str, outcome: str, address: str, detail: str = ""
    ) -> None:
        session_audit(uow, self._clock.now(), user, action, outcome, address, detail)


def session_audit(
    uow: UnitOfWork,
    at: datetime,
    user: User,
    action: str,
    outcome: str,
    address: str,
    detail: str = "",
) -> None:
    """One audit entry for a sign-in step of `user` (sign-in, two-factor, sign-out)."""
    uow.audit.append(
        AuditEntry(
            at=at,
            clinic_id=user.clinic_id,
            actor_user_id=user.id,
            actor_label=user.email,
            action=action,
            outcome=outcome,
            address=address,
            resource="session",
            detail=detail,
        )
    )
