"""Two-factor sign-in on the fakes: enrolment, the code after the password, recovery codes
that are good once, and the admin's switch that requires it of all staff."""

from __future__ import annotations

import pytest

from kneecap.domain.accounts.entities import User
from kneecap.services.errors import Conflict, Forbidden, Invalid, SignInFailed
from kneecap.services.two_factor import RECOVERY_CODES
from tests.factories import ADDRESS, PASSWORD, World
from tests.fakes.house import FakeHouse

LMT = "lmt@alpha.test"


def _enrol(house: FakeHouse, world: World, key: str = "lmt") -> tuple[str, list[str]]:
    """Set up the authenticator for `key` of clinic A; the secret and the recovery codes."""
    caller = world.a.caller(key)
    secret = house.two_factor.begin(caller).secret
    codes = house.two_factor.confirm(caller, house.otp.code(secret, house.clock.now()))
    return secret, codes


def _user(house: FakeHouse, email: str) -> User:
    user = house.accounts.user_by_email(email)
    assert user is not None
    return user


def test_enrolment_keeps_the_secret_until_a_first_code_confirms_it(
    house: FakeHouse, world: World
) -> None:
    lmt = world.a.caller("lmt")
    started = house.two_factor.begin(lmt)
    assert started.uri.startswith("otpauth://") and started.secret in started.uri
    assert LMT in started.uri and "Kneecap" in started.uri
    assert house.two_factor.begin(lmt).secret == started.secret  # the same until confirmed
    assert not _user(house, LMT).two_factor
    later = house.otp.code(started.secret, house.clock.now(), steps_later=3)
    with pytest.raises(Invalid, match="code is not right") as wrong:
        house.two_factor.confirm(lmt, later)  # not a code of this half-minute
    assert "code" in wrong.value.errors
    assert not house.two_factor.status(lmt).enabled
    codes = house.two_factor.confirm(lmt, house.otp.code(started.secret, house.clock.now()))
    assert len(codes) == len(set(codes)) == RECOVERY_CODES
    status = house.two_factor.status(lmt)
    assert (status.enabled, status.required, status.recovery_codes_left) == (True, False, 10)
    assert _user(house, LMT).two_factor
    # Only hashes of the recovery codes are stored.
    stored = {c.code_hash for c in house.uow_factory.rows.recovery_codes.rows()}
    assert len(stored) == RECOVERY_CODES and not stored & set(codes)
    last = house.audit_trail()[-1]
    assert (last.action, last.outcome, last.actor_user_id) == (
        "auth.two_factor.enable",
        "allow",
        world.a.users["lmt"].id,
    )
    with pytest.raises(Conflict, match="already on"):
        house.two_factor.begin(lmt)


def test_confirming_needs_a_started_set_up(house: FakeHouse, world: World) -> None:
    with pytest.raises(Invalid, match="Start the set-up first"):
        house.two_factor.confirm(world.a.caller("lmt"), "123456")


def test_the_password_alone_signs_nobody_in_and_each_code_is_good_once(
    house: FakeHouse, world: World
) -> None:
    secret, _ = _enrol(house, world)
    signed = house.accounts.sign_in(LMT, PASSWORD, ADDRESS)
    assert signed.pending
    assert house.accounts.session(signed.session_token) is None  # not signed in yet
    waiting = house.two_factor.pending(signed.session_token)
    assert waiting is not None and waiting[0].email == LMT
    # The code that confirmed the set-up is spent: the same half-minute's code is refused.
    with pytest.raises(SignInFailed, match="code is not right"):
        house.two_factor.complete_sign_in(
            signed.session_token, house.otp.code(secret, house.clock.now()), ADDRESS
        )
    house.clock.advance(seconds=30)
    code = house.otp.code(secret, house.clock.now())
    assert house.two_factor.complete_sign_in(signed.session_token, code, ADDRESS).email == LMT
    found = house.accounts.session(signed.session_token)
    assert found is not None and not found[1].pending
    assert house.two_factor.pending(signed.session_token) is None
    again = house.accounts.sign_in(LMT, PASSWORD, ADDRESS)
    with pytest.raises(SignInFailed, match="code is not right"):
        house.two_factor.complete_sign_in(again.session_token, code, ADDRESS)  # replayed
    assert house.accounts.session(again.session_token) is None
    trail = [(e.action, e.outcome, e.detail) for e in house.audit_trail()]
    assert trail[-4:] == [
        ("auth.two_factor", "failed", "failure 1"),  # counted in the sign-in throttle
        ("auth.sign_in", "allow", "authenticator"),
        ("auth.sign_in", "pending", "password; code next"),
        ("auth.two_factor", "failed", "failure 1"),
    ]


def test_a_recovery_code_signs_in_once(house: FakeHouse, world: World) -> None:
    _, codes = _enrol(house, world)
    first = house.accounts.sign_in(LMT, PASSWORD, ADDRESS)
    typed = f" {codes[0].upper()} "  # as read off paper: case and spaces do not matter
    assert house.two_factor.complete_sign_in(first.session_token, typed, ADDRESS).email == LMT
    assert house.audit_trail()[-1].detail == "recovery code"
    assert house.two_factor.status(world.a.caller("lmt")).recovery_codes_left == 9
    second = house.accounts.sign_in(LMT, PASSWORD, ADDRESS)
    with pytest.raises(SignInFailed):
        house.two_factor.complete_sign_in(second.session_token, codes[0], ADDRESS)
    assert house.accounts.session(second.session_token) is None
    # Another user's codes are not this user's.
    _, chiro_codes = _enrol(house, world, "chiropractor")
    with pytest.raises(SignInFailed):
        house.two_factor.complete_sign_in(second.session_token, chiro_codes[0], ADDRESS)
    house.clock.advance(seconds=1)  # the throttle's wait after two failures
    assert house.two_factor.complete_sign_in(second.session_token, codes[1], ADDRESS).email == LMT


def test_the_admin_can_require_it_of_staff_and_no_one_else_can(
    house: FakeHouse, world: World
) -> None:
    lmt_user, client_user = world.a.users["lmt"], world.a.users["client1"]
    assert not house.two_factor.must_enrol(lmt_user)
    with pytest.raises(Forbidden):
        house.two_factor.set_required(world.a.caller("chiropractor"), True)
    assert not house.two_factor.must_enrol(lmt_user)  # the refusal changed nothing
    denial = house.audit_trail()[-1]
    assert (denial.action, denial.outcome) == ("clinic.security", "forbidden")
    house.two_factor.set_required(world.a.caller("admin"), True)
    assert house.two_factor.must_enrol(lmt_user)
    assert house.two_factor.status(world.a.caller("lmt")).required
    assert not house.two_factor.must_enrol(client_user)  # staff only
    assert not house.two_factor.status(world.a.caller("client1")).required
    assert not house.two_factor.must_enrol(world.b.users["lmt"])  # one clinic's switch
    last = house.audit_trail()[-1]
    assert (last.action, last.detail) == ("clinic.security", "two-factor sign-in required")
    secret, _ = _enrol(house, world)
    assert not house.two_factor.must_enrol(_user(house, LMT))
    house.clock.advance(seconds=30)
    with pytest.raises(Conflict, match="requires two-factor"):
        house.two_factor.disable(world.a.caller("lmt"), house.otp.code(secret, house.clock.now()))
    assert _user(house, LMT).two_factor


def test_turning_it_off_takes_a_code_and_spends_the_recovery_codes(
    house: FakeHouse, world: World
) -> None:
    lmt = world.a.caller("lmt")
    secret, codes = _enrol(house, world)
    house.clock.advance(seconds=30)
    with pytest.raises(Invalid):
        house.two_factor.disable(lmt, "not a code")
    assert _user(house, LMT).two_factor
    house.two_factor.disable(lmt, house.otp.code(secret, house.clock.now()))
    assert not _user(house, LMT).two_factor
    assert house.two_factor.status(lmt).recovery_codes_left == 0
    signed = house.accounts.sign_in(LMT, PASSWORD, ADDRESS)
    assert not signed.pending and house.accounts.session(signed.session_token) is not None
    with pytest.raises(SignInFailed):
        house.two_factor.complete_sign_in(signed.session_token, codes[0], ADDRESS)
