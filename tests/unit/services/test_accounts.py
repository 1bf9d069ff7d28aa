"""Sign-in, lockout, sessions, API tokens, invitations and new accounts, on the fakes."""

from __future__ import annotations

import pytest

from kneecap.domain.access.roles import Role
from kneecap.domain.clients.record import ClientDetails
from kneecap.services.accounts import actor_for
from kneecap.services.caller import Caller
from kneecap.services.errors import Conflict, Forbidden, Invalid, NotFound, SignInFailed
from tests.factories import PASSWORD, World
from tests.fakes.house import FakeHouse

WRONG = "That email and password do not match an account."


def _fail(house: FakeHouse, email: str, times: int) -> str:
    """Sign in with a wrong password `times` times, waiting out each delay; the last message."""
    message = ""
    for _ in range(times):
        with pytest.raises(SignInFailed) as failed:
            house.accounts.sign_in(email, "not the password", "198.51.100.1")
        message = failed.value.message
        house.clock.advance(seconds=31)  # past the longest delay between attempts
    return message


def test_sign_in_opens_a_session_that_expires(house: FakeHouse, world: World) -> None:
    signed = house.accounts.sign_in(" LMT@alpha.test ", PASSWORD, "198.51.100.1")
    assert signed.user.id == world.a.users["lmt"].id
    found = house.accounts.session(signed.session_token)
    assert found is not None and found[1].csrf_token == signed.csrf_token
    house.clock.advance(hours=12)
    assert house.accounts.session(signed.session_token) is None
    assert house.accounts.session(signed.session_token) is None  # and it is gone


def test_only_a_hash_of_the_session_cookie_is_stored(house: FakeHouse, world: World) -> None:
    signed = house.accounts.sign_in("lmt@alpha.test", PASSWORD, "198.51.100.1")
    (stored,) = house.uow_factory.rows.sessions.rows()
    assert signed.session_token not in stored.token_hash


def test_an_unknown_email_reads_like_a_wrong_password_and_costs_a_hash(
    house: FakeHouse, world: World
) -> None:
    verified = house.hasher.verified
    with pytest.raises(SignInFailed) as unknown:
        house.accounts.sign_in("nobody@alpha.test", PASSWORD, "198.51.100.1")
    assert unknown.value.message == WRONG
    assert house.hasher.verified == verified + 1  # as long as checking a real password
    assert _fail(house, "lmt@alpha.test", 1) == WRONG


def test_each_failure_makes_the_next_attempt_wait_longer(house: FakeHouse, world: World) -> None:
    def attempt() -> str:
        with pytest.raises(SignInFailed) as failed:
            house.accounts.sign_in("lmt@alpha.test", "not the password", "198.51.100.1")
        return failed.value.message

    assert attempt() == attempt() == WRONG  # no wait after the first failure
    assert attempt() == "Too many failed sign-ins. Wait 1 seconds and try again."
    house.clock.advance(seconds=1)
    assert attempt() == WRONG
    assert "Wait 2 seconds" in attempt()


def test_five_failures_lock_the_account_for_fifteen_minutes(house: FakeHouse, world: World) -> None:
    locked = _fail(house, "lmt@alpha.test", 5)
    assert "locked after too many failed sign-ins" in locked and "15 minutes" in locked
    with pytest.raises(SignInFailed, match="locked"):
        house.accounts.sign_in("lmt@alpha.test", PASSWORD, "198.51.100.1")  # even the right one
    house.clock.advance(minutes=15)
    assert house.accounts.sign_in("lmt@alpha.test", PASSWORD, "198.51.100.1").user.role is Role.LMT
    outcomes = [e.outcome for e in house.audit_trail() if e.action == "auth.sign_in"]
    assert outcomes[-7:] == ["failed"] * 5 + ["throttled", "allow"]


def test_sign_out_ends_the_session(house: FakeHouse, world: World) -> None:
    signed = house.accounts.sign_in("lmt@alpha.test", PASSWORD, "198.51.100.1")
    house.accounts.sign_out(signed.session_token, "198.51.100.1")
    assert house.accounts.session(signed.session_token) is None
    assert house.audit_trail()[-1].action == "auth.sign_out"


def test_an_api_token_works_until_revoked_and_its_use_is_noted_once_a_minute(
    house: FakeHouse, world: World
) -> None:
    lmt = world.a.caller("lmt")
    token, plain = house.accounts.create_token(lmt, "  my   script ")
    assert token.name == "my script" and plain.startswith("kn_") and token.prefix == plain[:11]
    user = house.accounts.token_user(plain)
    assert user is not None and user.id == world.a.users["lmt"].id
    first = house.accounts.tokens(lmt)[0].last_used_at
    house.clock.advance(seconds=30)
    house.accounts.token_user(plain)
    assert house.accounts.tokens(lmt)[0].last_used_at == first
    house.clock.advance(seconds=31)
    house.accounts.token_user(plain)
    assert house.accounts.tokens(lmt)[0].last_used_at == house.clock.now()
    house.accounts.revoke_token(lmt, token.id)
    assert house.accounts.token_user(plain) is None


def test_nobody_revokes_another_users_token(house: FakeHouse, world: World) -> None:
    token, plain = house.accounts.create_token(world.a.caller("lmt"), "script")
    with pytest.raises(NotFound, match="That token"):
        house.accounts.revoke_token(world.a.caller("chiropractor"), token.id)
    assert house.accounts.token_user(plain) is not None


def test_an_invitation_sets_a_password_once_and_expires(house: FakeHouse, world: World) -> None:
    admin = world.a.caller("admin")
    link = house.accounts.invite_staff(admin, "New.LMT@alpha.test", " Nia   Lee ", Role.LMT)
    assert link.url == f"http://testserver/invitations/{link.token}"
    assert (link.user.email, link.user.name, link.user.has_password) == (
        "new.lmt@alpha.test", "Nia Lee", False,
    )  # fmt: skip
    with pytest.raises(Invalid):
        house.accounts.accept_invitation(link.token, "short", "198.51.100.1")
    house.accounts.accept_invitation(link.token, "a long enough passphrase", "198.51.100.1")
    assert house.accounts.sign_in("new.lmt@alpha.test", "a long enough passphrase", "x").user
    with pytest.raises(NotFound):
        house.accounts.accept_invitation(link.token, "another long passphrase", "198.51.100.1")
    late = house.accounts.invite_staff(admin, "late@alpha.test", "Late", Role.CHIROPRACTOR)
    house.clock.advance(days=7)
    with pytest.raises(NotFound, match="expired"):
        house.accounts.invitation_user(late.token)


def test_only_an_admin_invites_staff_and_clients_come_from_their_record(
    house: FakeHouse, world: World
) -> None:
    with pytest.raises(Forbidden):
        house.accounts.invite_staff(world.a.caller("lmt"), "x@alpha.test", "X", Role.LMT)
    with pytest.raises(Invalid) as client_role:
        house.accounts.invite_staff(world.a.caller("admin"), "x@alpha.test", "X", Role.CLIENT)
    assert client_role.value.errors == {"role": "Choose a staff role."}


def test_inviting_a_client_who_can_already_sign_in_is_a_conflict(
    house: FakeHouse, world: World
) -> None:
    lmt = world.a.caller("lmt")
    with pytest.raises(Conflict, match="already has an account"):
        house.accounts.invite_client(lmt, world.a.clients[0].id)
    with pytest.raises(NotFound):
        house.accounts.invite_client(lmt, world.b.clients[0].id)


def test_a_client_is_invited_from_their_record_once_it_has_an_email(
    house: FakeHouse, world: World
) -> None:
    lmt = world.a.caller("lmt")
    record = house.clients.create(lmt, ClientDetails("Grace Hopper"))
    with pytest.raises(Invalid, match="email address first"):
        house.accounts.invite_client(lmt, record.id)
    link = house.accounts.invite_client(lmt, record.id, " Grace@Example.com ")
    assert (link.user.role, link.user.client_id, link.user.email) == (
        Role.CLIENT, record.id, "grace@example.com",
    )  # fmt: skip
    house.accounts.accept_invitation(link.token, "a long enough passphrase", "198.51.100.1")
    signed = house.accounts.sign_in("grace@example.com", "a long enough passphrase", "x")
    assert house.clients.get(Caller(actor_for(signed.user)), record.id).user_id == signed.user.id


def test_the_demo_reset_gives_its_accounts_one_password_and_unlocks_them(
    house: FakeHouse, world: World
) -> None:
    _fail(house, "lmt@alpha.test", 5)
    house.accounts.reset_demo_passwords(world.a.clinic_id, "alpha.test", "demo passphrase 2026")
    assert house.accounts.sign_in("lmt@alpha.test", "demo passphrase 2026", "x").user
    assert house.accounts.sign_in("client2@alpha.test", "demo passphrase 2026", "x").user
    with pytest.raises(SignInFailed):  # another clinic's accounts keep theirs
        house.accounts.sign_in("lmt@beta.test", "demo passphrase 2026", "x")


def test_accounts_need_a_valid_unused_email_and_a_name(house: FakeHouse, world: World) -> None:
    clinic = world.a.clinic_id
    with pytest.raises(Invalid) as bad:
        house.accounts.add_user(clinic, "not-an-email", "  ", Role.LMT)
    assert set(bad.value.errors) == {"email", "name"}
    with pytest.raises(Conflict, match=r"lmt@alpha\.test already exists"):
        house.accounts.add_user(clinic, "LMT@alpha.test", "Twin", Role.LMT)
    with pytest.raises(Invalid, match="at least 12 characters"):
        house.accounts.add_user(clinic, "weak@alpha.test", "Weak", Role.LMT, password="123")


def test_a_clinic_name_is_kept_once_and_slugs_stay_unique(house: FakeHouse, world: World) -> None:
    assert house.accounts.create_clinic("  Alpha   Clinic ").id == world.a.clinic_id
    twin = house.accounts.create_clinic("Alpha-Clinic")
    assert twin.slug == "alpha-clinic-2"
    assert house.accounts.clinic_by_name("alpha-clinic-2") == twin
    with pytest.raises(Invalid):
        house.accounts.create_clinic("   ")


def test_the_staff_list_leaves_clients_out(house: FakeHouse, world: World) -> None:
    staff = house.accounts.staff(world.a.caller("admin"))
    assert sorted(u.role.value for u in staff) == ["admin", "chiropractor", "lmt"]
    with pytest.raises(Forbidden):
        house.accounts.staff(world.a.caller("client1"))
