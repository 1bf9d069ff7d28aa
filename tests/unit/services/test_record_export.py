"""The client's own record exported, on the fakes: only what the client may see (released
diagnoses, signed plans), their files with the hash FHIR names, the parts a role may not read
named as left out, and another clinic's client as missing as no client."""

from __future__ import annotations

import base64
import hashlib
from datetime import date
from typing import Any

import pytest

from kneecap.services.errors import NotFound
from kneecap.services.training_import import Upload
from tests.factories import CARE_START, PLAN_CONTENT, World, run, signed_plan_with_programme
from tests.fakes.house import FakeHouse


def _resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_the_client_gets_what_they_may_see_and_their_files(house: FakeHouse, world: World) -> None:
    chiro, me, cid = (
        world.a.caller("chiropractor"),
        world.a.caller("client1"),
        world.a.clients[0].id,
    )
    released = house.diagnoses.record(chiro, cid, "M22.2X1", "right", "released")
    assert released.id is not None
    house.diagnoses.release(chiro, cid, released.id)
    house.diagnoses.record(chiro, cid, "M22.2X2", "left", "not yet released")
    signed = signed_plan_with_programme(house, world)
    house.care.plans.create(chiro, cid, CARE_START, PLAN_CONTENT)  # a draft: not the client's
    watch = house.reader.file(run(date(2026, 2, 20), 8, 45))
    house.training.imports.start(me, cid, [Upload("Morning run.fit", watch)])
    house.queue.run_all()
    before = len(house.audit_trail())

    export = house.records.export(me, cid)

    bundle = export.bundle
    (patient,) = _resources(bundle, "Patient")
    assert patient["id"] == f"client-{cid}" and patient["name"][0]["text"] == "Runner ALPHA1"
    conditions = _resources(bundle, "Condition")
    assert [c["code"]["coding"][0]["code"] for c in conditions] == ["M22.2X1"]
    assert [p["id"] for p in _resources(bundle, "CarePlan")] == [f"care-plan-{signed.id}"]
    (document,) = _resources(bundle, "DocumentReference")
    attachment = document["content"][0]["attachment"]
    (file,) = export.files
    assert attachment["url"] == file.path and file.path.endswith("/Morning run.fit")
    with file.open() as stored:
        data = stored.read()
    assert data == watch and attachment["size"] == len(watch)
    assert attachment["hash"] == base64.b64encode(hashlib.sha1(data).digest()).decode()
    assert "meta" not in bundle  # nothing left out
    assert export.name == f"kneecap-record-{cid}-2026-03-02.zip"
    asked = house.audit_trail()[before]
    assert (asked.action, asked.detail, asked.actor_user_id) == (
        "client.read",
        "record export (FHIR)",
        me.actor.user_id,
    )


def test_a_part_the_role_may_not_read_is_named_as_left_out_and_its_denial_kept(
    house: FakeHouse, world: World
) -> None:
    chiro, cid = world.a.caller("chiropractor"), world.a.clients[0].id
    dx = house.diagnoses.record(chiro, cid, "M22.2X1", "right", "released")
    assert dx.id is not None
    house.diagnoses.release(chiro, cid, dx.id)
    signed_plan_with_programme(house, world)
    before = len(house.audit_trail())

    export = house.records.export(world.a.caller("admin"), cid)  # accounts, not the chart

    assert _resources(export.bundle, "Condition") == []
    assert _resources(export.bundle, "CarePlan") == []
    assert len(_resources(export.bundle, "Patient")) == 1
    left_out = export.bundle["meta"]["tag"][0]["display"]
    assert left_out.startswith("not included: ")
    named = left_out.removeprefix("not included: ").split(", ")
    assert {"diagnoses", "care plans"} <= set(named)
    denials = [e for e in house.audit_trail()[before:] if e.outcome == "forbidden"]
    assert len(denials) == len(named)  # each part refused is in the log


def test_another_clinics_client_is_as_missing_as_no_client(house: FakeHouse, world: World) -> None:
    lmt = world.a.caller("lmt")
    with pytest.raises(NotFound) as other:
        house.records.export(lmt, world.b.clients[0].id)
    with pytest.raises(NotFound) as missing:
        house.records.export(lmt, 9999)
    assert other.value.message == missing.value.message
    with pytest.raises(NotFound):
        house.records.export(world.a.caller("client1"), world.a.clients[1].id)


def test_the_messages_that_went_out_are_in_the_export_with_their_attachments(
    house: FakeHouse, world: World
) -> None:
    me, lmt, cid = world.a.caller("client1"), world.a.caller("lmt"), world.a.clients[0].id
    house.messages.post(me, cid, "Knee swelled after the long run", [Upload("knee.png", b"png")])
    answer = house.messages.post(lmt, cid, "Ice it and rest two days.")
    held = house.messages.post(
        lmt, cid, "Your patellofemoral pain syndrome is settling; keep up the exercises."
    )
    assert held.held  # an LMT's message naming a diagnosis waits for the chiropractor
    read_before = house.messages.unread_count(lmt, cid)

    export = house.records.export(me, cid)

    messages = _resources(export.bundle, "Communication")
    assert [m["payload"][0]["contentString"] for m in messages] == [
        "Knee swelled after the long run",
        "Ice it and rest two days.",
    ]
    mine, theirs = messages
    assert mine["sender"] == {"reference": f"Patient/client-{cid}"}
    assert theirs["id"] == f"message-{answer.message.id}"
    assert theirs["recipient"] == [{"reference": f"Patient/client-{cid}"}]
    (photo,) = [p["contentAttachment"] for p in mine["payload"][1:]]
    (file,) = export.files
    assert photo == {"title": "knee.png", "url": file.path}
    with file.open() as stored:
        assert stored.read() == b"png"
    assert house.messages.unread_count(lmt, cid) == read_before  # exporting marks nothing read
    exported = [e for e in house.audit_trail() if e.detail == "record export"]
    assert [(e.action, e.actor_user_id) for e in exported] == [("message.read", me.actor.user_id)]
