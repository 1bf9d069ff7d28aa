"""Client records: validation before anything is stored, search, a client's own view, and an
audit trail that names changed fields but never their values."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from kneecap.domain.clients.record import ClientDetails
from kneecap.services.errors import Forbidden, Invalid, NotFound
from tests.factories import World
from tests.fakes.house import FakeHouse


def test_a_bad_record_is_refused_field_by_field_and_nothing_is_stored(
    house: FakeHouse, world: World
) -> None:
    lmt = world.a.caller("lmt")
    bad = ClientDetails("  ", date_of_birth=date(2030, 1, 1), email="nope", weekly_running_km=900)
    with pytest.raises(Invalid) as refused:
        house.clients.create(lmt, bad)
    assert set(refused.value.errors) == {"name", "date_of_birth", "email", "weekly_running_km"}
    assert house.clients.list(lmt).total == 2


def test_a_new_record_is_cleaned_and_audited(house: FakeHouse, world: World) -> None:
    lmt = world.a.caller("lmt")
    made = house.clients.create(lmt, ClientDetails("  Ada   Byron ", email=" ADA@Example.com "))
    assert (made.name, made.details.email, made.clinic_id) == (
        "Ada Byron", "ada@example.com", world.a.clinic_id,
    )  # fmt: skip
    last = house.audit_trail()[-1]
    assert (last.action, last.client_id) == ("client.create", made.id)


def test_an_update_audits_which_fields_changed_but_not_their_values(
    house: FakeHouse, world: World
) -> None:
    own = world.a.clients[0]
    me = world.a.caller("client1")
    changed = replace(own.details, phone="+1 555 0100", goals="Boston qualifier")
    assert house.clients.update(me, own.id, changed).details.goals == "Boston qualifier"
    last = house.audit_trail()[-1]
    assert (last.action, last.detail) == ("client.update", "changed: goals, phone")
    assert "Boston" not in last.detail and "555" not in last.detail
    with pytest.raises(NotFound):
        house.clients.update(me, world.a.clients[1].id, changed)


def test_search_finds_by_name_or_email_in_the_own_clinic_only(
    house: FakeHouse, world: World
) -> None:
    chiro = world.a.caller("chiropractor")
    assert [c.name for c in house.clients.list(chiro, "runner alpha2").clients] == ["Runner ALPHA2"]
    assert house.clients.list(chiro, "CLIENT1@ALPHA").total == 1
    assert house.clients.list(chiro, "beta").total == 0
    page = house.clients.list(chiro, limit=0, offset=-3)
    assert (page.limit, page.offset, page.total, len(page.clients)) == (1, 0, 2, 1)
    assert house.audit_trail()[-1].detail == "listed 1 of 2"


def test_a_client_lists_only_their_own_record(house: FakeHouse, world: World) -> None:
    page = house.clients.list(world.a.caller("client2"), "runner")
    assert [c.id for c in page.clients] == [world.a.clients[1].id] and page.total == 1
    assert page.clients[0].user_id == world.a.users["client2"].id


def test_only_practitioners_create_records(house: FakeHouse, world: World) -> None:
    for who in ("admin", "client1"):
        with pytest.raises(Forbidden):
            house.clients.create(world.a.caller(who), ClientDetails("Someone"))
