"""The "something waits for you" mails on fakes: the care team's message (once out, so after
a co-signature hold), a released running-form review (either way it is released) and a
questionnaire due on the outcome schedule (a sweep, once per due date). None carries the
text, the finding or the instrument; a client's own message mails nobody."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tests.factories import World, signed_plan_with_programme
from tests.fakes.house import FakeHouse

DIAGNOSIS = "Your patellofemoral pain syndrome is settling; keep up the exercises."
AKPS = {"answers": [1] * 13}


def _sent(house: FakeHouse, template: str) -> list[str]:
    house.queue.run_all()
    return [m.body for m in house.mail.sent if m.template == template]


def test_the_care_teams_message_mails_the_client_and_the_clients_own_mails_nobody(
    house: FakeHouse, world: World
) -> None:
    me, lmt, cid = world.a.caller("client1"), world.a.caller("lmt"), world.a.clients[0].id
    house.messages.post(me, cid, "Knee swelled after the long run")
    assert _sent(house, "message.new") == []
    house.messages.post(lmt, cid, "Ice it and rest two days")
    (body,) = _sent(house, "message.new")
    assert "new message" in body and "http://testserver/sign-in" in body
    assert "Ice" not in body and "Knee" not in body
    (mail,) = [m for m in house.mail.sent if m.template == "message.new"]
    assert mail.to == "client1@alpha.test" and "Ice" not in mail.subject


def test_a_held_message_mails_the_client_only_once_the_chiropractor_releases_it(
    house: FakeHouse, world: World
) -> None:
    lmt, dc, cid = world.a.caller("lmt"), world.a.caller("chiropractor"), world.a.clients[0].id
    assert house.messages.post(lmt, cid, DIAGNOSIS).held
    assert _sent(house, "message.new") == []
    (entry,) = house.cosign.queue(dc)
    house.cosign.approve(dc, entry.id)
    (body,) = _sent(house, "message.new")
    assert "patellofemoral" not in body.lower() and "syndrome" not in body


def _ready_analysis(house: FakeHouse, world: World, tmp_path: Path) -> int:
    clip = tmp_path / "run.mp4"
    clip.write_bytes(b"\x00\x00\x00\x18ftypmp42 a running clip")
    cid = world.a.clients[0].id
    up = house.gait.upload(world.a.caller("client1"), cid, clip, "run.mp4", "side", 181)
    house.queue.run_all()
    house.mail.sent.clear()
    return up.analysis.id


def test_a_released_form_review_mails_the_client_once(
    house: FakeHouse, world: World, tmp_path: Path
) -> None:
    aid = _ready_analysis(house, world, tmp_path)
    house.gait.release(world.a.caller("chiropractor"), aid)
    (body,) = _sent(house, "form_review.ready")
    assert "finished reviewing" in body and "cadence" not in body.lower()


def test_lmt_cues_co_signed_release_the_review_and_mail_it(
    house: FakeHouse, world: World, tmp_path: Path
) -> None:
    aid = _ready_analysis(house, world, tmp_path)
    lmt, dc = world.a.caller("lmt"), world.a.caller("chiropractor")
    cues = [f.text for f in house.gait.page(lmt, aid).analysis.feedback]
    house.gait.edit_feedback(lmt, aid, cues, "Quicker, lighter steps")
    assert _sent(house, "form_review.ready") == []
    (entry,) = [e for e in house.cosign.queue(dc) if e.id.startswith("gait.")]
    assert house.cosign.approve(dc, entry.id).released
    (body,) = _sent(house, "form_review.ready")
    assert "Quicker" not in body


def test_the_questionnaire_sweep_mails_once_per_due_date_and_not_without_a_schedule(
    house: FakeHouse, world: World
) -> None:
    cid = world.a.clients[0].id
    signed_plan_with_programme(house, world)
    assert house.notify.questionnaires() == {"questionnaires": 0}  # nothing measured yet
    house.care.outcomes.record(world.a.caller("lmt"), cid, "akps", AKPS, on=date(2026, 3, 2))
    assert house.notify.questionnaires() == {"questionnaires": 0}  # the baseline covers today
    house.clock.at = datetime(2026, 3, 20, 9, tzinfo=UTC)  # due 23 March (every 3 weeks)
    assert house.notify.questionnaires() == {"questionnaires": 0}
    house.clock.at = datetime(2026, 3, 23, 7, tzinfo=UTC)
    assert house.notify.questionnaires() == {"questionnaires": 1}
    house.clock.advance(hours=1)
    assert house.notify.questionnaires() == {"questionnaires": 0}  # once per due date
    (body,) = _sent(house, "questionnaire.due")
    assert "questionnaire" in body and "akps" not in body.lower() and "kujala" not in body.lower()
    house.clock.at = datetime(2026, 3, 24, 18, tzinfo=UTC)
    house.care.outcomes.record(world.a.caller("client1"), cid, "akps", AKPS, on=date(2026, 3, 24))
    house.clock.at = datetime(2026, 4, 13, 7, tzinfo=UTC)  # the next one: 13 April
    assert house.notify.questionnaires() == {"questionnaires": 1}
    house.clock.at += timedelta(days=29)  # 13 April left unfilled for four weeks: no nagging
    house.care.outcomes.record(world.a.caller("lmt"), cid, "akps", AKPS, on=date(2026, 4, 20))
    assert house.notify.questionnaires() == {"questionnaires": 0}  # 4 May is over a week old


def test_the_mail_stays_in_the_clients_clinic(house: FakeHouse, world: World) -> None:
    lmt, cid = world.a.caller("lmt"), world.a.clients[0].id
    house.messages.post(lmt, cid, "See you Thursday")
    house.queue.run_all()
    (mail,) = house.mail.sent
    assert mail.clinic_id == world.a.clinic_id and "@beta" not in mail.to
