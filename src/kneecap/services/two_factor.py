"""Two-factor sign-in for staff: an authenticator app's TOTP code (RFC 6238) after the
password, ten one-time recovery codes, and the admin's switch that requires it of all staff.

Enrolment: a new secret is kept (not yet in force) and shown as a QR code; the first code
from the app puts it in force and hands out the recovery codes, once (only their SHA-256 is
stored: they are 60-bit random, like the other secrets in tokens.py). Sign-in: the password
opens a pending session (accounts.py); a code or a recovery code confirms it. Wrong codes
count in the same sign-in throttle as wrong passwords, and a code is good once.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import timedelta

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource
from kneecap.domain.access.roles import Role
from kneecap.domain.accounts import throttle
from kneecap.domain.accounts.entities import User, WebSession
from kneecap.ports.repositories import UnitOfWork, UnitOfWorkFactory
from kneecap.ports.security import Clock, OneTimePasswords
from kneecap.services.accounts import AccountPolicy, session_audit
from kneecap.services.authz import Gate
from kneecap.services.caller import Caller
from kneecap.services.errors import Conflict, Invalid, SignInFailed
from kneecap.services.tokens import digest

RECOVERY_CODES = 10
ISSUER = "Kneecap"
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


@dataclass(frozen=True)
class Enrolment:
    secret: str
    uri: str  # otpauth://… for the QR code


@dataclass(frozen=True)
class TwoFactorStatus:
    enabled: bool
    required: bool  # by the clinic, for this user's role
    recovery_codes_left: int


def new_recovery_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))  # 12 × log2(31) ≈ 59 bits
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _normal(code: str) -> str:
    return "".join(code.lower().split())


def must_enrol(user: User, clinic_requires: bool) -> bool:
    """Staff of a clinic that requires two-factor sign-in, who have not set it up yet."""
    return clinic_requires and user.role is not Role.CLIENT and not user.two_factor


class TwoFactorService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        gate: Gate,
        clock: Clock,
        otp: OneTimePasswords,
        policy: AccountPolicy,
    ) -> None:
        self._uow = uow_factory
        self._gate = gate
        self._clock = clock
        self._otp = otp
        self._policy = policy

    def pending(self, session_token: str) -> tuple[User, WebSession] | None:
        """The user whose password was accepted in this session, before their code."""
        with self._uow() as uow:
            session = uow.sessions.by_token_hash(digest(session_token))
            if session is None or not session.pending or session.expires_at <= self._clock.now():
                return None
            user = uow.users.get(session.user_id)
        return (user, session) if user is not None and user.active else None

    def must_enrol(self, user: User) -> bool:
        """Whether this user's clinic requires a second factor they have not set up (read
        each time, so the admin's switch holds at once on every worker)."""
        if user.role is Role.CLIENT or user.two_factor:
            return False
        with self._uow() as uow:
            clinic = uow.clinics.get(user.clinic_id)
        return must_enrol(user, bool(clinic and clinic.require_two_factor))

    def status(self, caller: Caller) -> TwoFactorStatus:
        with self._uow() as uow:
            user = self._user(uow, caller)
            clinic = uow.clinics.get(user.clinic_id)
            left = uow.recovery_codes.unused(user.id) if user.two_factor else 0
        required = bool(clinic and clinic.require_two_factor) and user.role is not Role.CLIENT
        return TwoFactorStatus(user.two_factor, required, left)

    def begin(self, caller: Caller) -> Enrolment:
        """A new secret for the authenticator app (replacing one not yet confirmed)."""
        with self._uow() as uow:
            user = self._user(uow, caller)
            if user.two_factor:
                raise Conflict("Two-factor sign-in is already on for your account.")
            state = uow.users.totp(user.id)
            secret = state.secret or self._otp.new_secret()
            uow.users.set_totp(user.id, replace(state, secret=secret))
            uow.commit()
        return Enrolment(secret, self._otp.provisioning_uri(secret, user.email, ISSUER))

    def confirm(self, caller: Caller, code: str) -> list[str]:
        """Put the secret in force with a first code; returns the recovery codes (shown once)."""
        now = self._clock.now()
        with self._uow() as uow:
            user = self._user(uow, caller)
            state = uow.users.totp(user.id)
            if user.two_factor:
                raise Conflict("Two-factor sign-in is already on for your account.")
            if state.secret is None:
                raise Invalid("Start the set-up first.", {"code": "Scan the QR code first."})
            step = self._otp.verify(state.secret, code, now, None)
            if step is None:
                raise Invalid(_WRONG, {"code": _WRONG})
            uow.users.set_totp(user.id, replace(state, enabled_at=now, last_step=step))
            codes = self._new_codes(uow, user)
            self._audit(uow, user, "auth.two_factor.enable", "allow", caller.address)
            uow.commit()
        return codes

    def new_recovery_codes(self, caller: Caller, code: str) -> list[str]:
        with self._uow() as uow:
            user = self._user(uow, caller)
            self._check_code(uow, user, code)
            codes = self._new_codes(uow, user)
            self._audit(uow, user, "auth.two_factor.recovery_codes", "allow", caller.address)
            uow.commit()
        return codes

    def disable(self, caller: Caller, code: str) -> None:
        with self._uow() as uow:
            user = self._user(uow, caller)
            clinic = uow.clinics.get(user.clinic_id)
            if clinic and must_enrol(replace(user, two_factor=False), clinic.require_two_factor):
                raise Conflict("Your clinic requires two-factor sign-in for all staff.")
            self._check_code(uow, user, code)
            uow.users.set_totp(
                user.id, replace(uow.users.totp(user.id), secret=None, enabled_at=None)
            )
            uow.recovery_codes.replace(user.id, [], self._clock.now())
            self._audit(uow, user, "auth.two_factor.disable", "allow", caller.address)
            uow.commit()

    def complete_sign_in(self, session_token: str, code: str, address: str) -> User:
        """Confirm a pending session with an authenticator or recovery code."""
        now = self._clock.now()
        expired = SignInFailed("The sign-in has expired. Sign in again with your password.")
        with self._uow() as uow:
            session = uow.sessions.by_token_hash(digest(session_token))
            if session is None or not session.pending or session.expires_at <= now:
                raise expired
            user = uow.users.get(session.user_id)
            if user is None or not user.active:
                raise expired
            verdict = throttle.check(uow.users.throttle(user.id), now)
            if not verdict.allowed:
                self._audit(uow, user, "auth.two_factor", "throttled", address, verdict.message)
                uow.commit()
                raise SignInFailed(verdict.message)
            how = self._accept(uow, user, code)
            if how is None:
                state = throttle.after_failure(
                    uow.users.throttle(user.id),
                    now,
                    self._policy.lockout_after,
                    self._policy.lockout_minutes,
                )
                uow.users.set_throttle(user.id, state)
                self._audit(
                    uow, user, "auth.two_factor", "failed", address, f"failure {state.failures}"
                )
                uow.commit()
                after = throttle.check(state, now)
                raise SignInFailed(after.message if after.locked else _WRONG)
            uow.users.set_throttle(user.id, throttle.after_success())
            uow.sessions.confirm(session.id, now + timedelta(hours=self._policy.session_hours))
            self._audit(uow, user, "auth.sign_in", "allow", address, how)
            uow.commit()
        return user

    def set_required(self, caller: Caller, required: bool) -> None:
        """The admin's switch: every staff member must sign in with a second factor."""
        with self._uow() as uow:
            resource = Resource("clinic", caller.actor.clinic_id)
            self._gate.check(uow, caller, Action.CLINIC_SECURITY, resource)
            uow.clinics.set_require_two_factor(caller.actor.clinic_id, required)
            detail = "two-factor sign-in required" if required else "two-factor sign-in optional"
            self._gate.record(uow, caller, Action.CLINIC_SECURITY, resource, detail)
            uow.commit()

    # --- helpers --------------------------------------------------------------------------
    def _user(self, uow: UnitOfWork, caller: Caller) -> User:
        user = uow.users.get(caller.actor.user_id) if caller.actor.user_id else None
        if user is None:
            raise Invalid("Two-factor sign-in belongs to a signed-in user.")
        return user

    def _accept(self, uow: UnitOfWork, user: User, code: str) -> str | None:
        """How the code signed the user in ("authenticator" / "recovery code"), or None."""
        state = uow.users.totp(user.id)
        if state.secret and state.enabled_at:
            step = self._otp.verify(state.secret, code, self._clock.now(), state.last_step)
            if step is not None:
                uow.users.set_totp(user.id, replace(state, last_step=step))
                return "authenticator"
        if uow.recovery_codes.use(user.id, digest(_normal(code)), self._clock.now()):
            return "recovery code"
        return None

    def _check_code(self, uow: UnitOfWork, user: User, code: str) -> None:
        if not user.two_factor or self._accept(uow, user, code) is None:
            raise Invalid(_WRONG, {"code": _WRONG})

    def _new_codes(self, uow: UnitOfWork, user: User) -> list[str]:
        codes = [new_recovery_code() for _ in range(RECOVERY_CODES)]
        uow.recovery_codes.replace(user.id, [digest(_normal(c)) for c in codes], self._clock.now())
        return codes

    def _audit(
        self, uow: UnitOfWork, user: User, action: str, outcome: str, address: str, detail: str = ""
    ) -> None:
        session_audit(uow, self._clock.now(), user, action, outcome, address, detail)


_WRONG = "That code is not right. Enter the 6-digit code your authenticator app shows now."
