"""Messages on fakes: a client and their care team write in one thread; attachments go to the
blob store; unread counts and "waits for an answer" follow who wrote last; an LMT's message
naming a diagnosis waits for the chiropractor and goes out once approved; a watch file is
imported from the thread; nobody outside the clinic (or another client) reads a thread."""

from __future__ import annotations

from datetime import date

import pytest

from kneecap.domain.access.roles import Role
from kneecap.domain.clinical.cosignature import ReviewState
from kneecap.domain.messages.thread import AttachmentKind
from kneecap.services.errors import Forbidden, Invalid, NotFound
from kneecap.services.training_import import Upload
from tests.factories import World, run
from tests.fakes.house import FakeHouse

DIAGNOSIS = "Your patellofemoral pain syndrome is settling; keep up the exercises."


def test_a_client_writes_with_a_photo_and_the_team_sees_it_waiting_and_unread(
    house: FakeHouse, world: World
) -> None:
    me, lmt, cid = world.a.caller("client1"), world.a.caller("lmt"), world.a.clients[0].id
    posted = house.messages.post(me, cid, "  Knee swelled after the long run  ",
                                 [Upload("IMG_1.JPG", b"\xff\xd8photo")])  # fmt: skip
    assert not posted.held and posted.message.text == "Knee swelled after the long run"
    (photo,) = posted.message.attachments
    assert photo.kind is AttachmentKind.PHOTO and photo.content_type == "image/jpeg"
    assert house.blobs.get(photo.blob_key) == b"\xff\xd8photo"
    assert house.messages.unread_count(lmt, cid) == 1
    (row,) = house.messages.threads(lmt)
    assert row.client.id == cid and row.awaits_answer and row.new_for_me
    view = house.messages.thread(lmt, cid)
    assert view.unread_before == 1 and view.awaits_answer
    assert house.messages.unread_count(lmt, cid) == 0  # opening it read it
    assert house.messages.unread_count(world.a.caller("chiropractor"), cid) == 1  # per person
    house.clock.advance(minutes=5)
    house.messages.post(lmt, cid, "Ice it and rest two days; we'll look on Thursday.")
    assert not house.messages.thread(lmt, cid).awaits_answer
    assert house.messages.unread_count(me, cid) == 1
    (row,) = house.messages.threads(lmt)
    assert not row.awaits_answer
    actions = [e.action for e in house.audit_trail() if e.client_id == cid]
    assert "message.write" in actions and "message.read" in actions


def test_an_lmt_message_naming_a_diagnosis_is_held_until_the_chiropractor_approves_it(
    house: FakeHouse, world: World
) -> None:
    me, lmt, dc = world.a.caller("client1"), world.a.caller("lmt"), world.a.caller("chiropractor")
    cid = world.a.clients[0].id
    posted = house.messages.post(lmt, cid, DIAGNOSIS)
    assert posted.held and "chiropractor" in posted.reason and "diagnosis" in posted.reason
    assert house.messages.thread(me, cid).messages == []  # the client sees nothing yet
    assert house.messages.unread_count(me, cid) == 0
    staff = house.messages.thread(lmt, cid)
    (held,) = staff.messages
    assert held.held and staff.reviews[held.id].state is ReviewState.PENDING
    (entry,) = house.cosign.queue(dc)
    assert entry.id == f"message.{held.id}.v1" and entry.item.version.flags
    house.clock.advance(hours=1)
    house.cosign.approve(dc, entry.id)
    (out,) = house.messages.thread(me, cid).messages
    assert out.text == DIAGNOSIS and out.sent_at == house.clock.now()


def test_the_chiropractor_and_plain_lmt_messages_go_out_at_once(
    house: FakeHouse, world: World
) -> None:
    me, cid = world.a.caller("client1"), world.a.clients[0].id
    assert not house.messages.post(world.a.caller("chiropractor"), cid, DIAGNOSIS).held
    assert not house.messages.post(world.a.caller("lmt"), cid, "See you Thursday at 9").held
    assert [m.author_role for m in house.messages.thread(me, cid).messages] == [
        Role.CHIROPRACTOR, Role.LMT,
    ]  # fmt: skip


def test_a_returned_held_message_says_why_to_the_team_and_never_reaches_the_client(
    house: FakeHouse, world: World
) -> None:
    me, lmt, dc = world.a.caller("client1"), world.a.caller("lmt"), world.a.caller("chiropractor")
    cid = world.a.clients[0].id
    house.messages.post(lmt, cid, DIAGNOSIS)
    (entry,) = house.cosign.queue(dc)
    house.cosign.return_to_author(dc, entry.id, "Leave the diagnosis to me; say 'your knee'.")
    (held,) = house.messages.thread(lmt, cid).messages
    review = house.messages.thread(lmt, cid).reviews[held.id]
    assert review.state is ReviewState.RETURNED and "your knee" in review.comment
    assert house.messages.thread(me, cid).messages == []


@pytest.mark.parametrize(
    ("text", "files", "field"),
    [
        ("   ", [], "text"),
        ("x" * 5001, [], "text"),
        ("a\ud800b", [], "text"),  # a lone surrogate, as JSON "\ud800" decodes
        ("see file", [Upload("notes.exe", b"MZ")], "files"),
        ("see file", [Upload("run.fit", b"")], "files"),
        ("many", [Upload(f"p{i}.png", b"x") for i in range(6)], "files"),
    ],
)
def test_bad_messages_are_refused_with_what_to_do_and_store_nothing(
    house: FakeHouse, world: World, text: str, files: list[Upload], field: str
) -> None:
    me, cid = world.a.caller("client1"), world.a.clients[0].id
    with pytest.raises(Invalid) as exc:
        house.messages.post(me, cid, text, files)
    assert field in exc.value.errors and exc.value.message.startswith("The message was not sent")
    assert house.messages.thread(me, cid).messages == []
    assert not list(house.blobs.stored_keys())


def test_nobody_outside_the_thread_reads_or_writes_it(house: FakeHouse, world: World) -> None:
    cid = world.a.clients[0].id
    posted = house.messages.post(world.a.caller("client1"), cid, "hello", [Upload("a.png", b"x")])
    (photo,) = posted.message.attachments
    for outsider in (world.a.caller("client2"), world.b.caller("chiropractor")):
        with pytest.raises(NotFound):
            house.messages.thread(outsider, cid)
        with pytest.raises(NotFound):
            house.messages.post(outsider, cid, "hi")
        with pytest.raises(NotFound):
            house.messages.open_attachment(outsider, cid, photo.id)
    with pytest.raises(Forbidden):  # the admin keeps accounts, not care
        house.messages.thread(world.a.caller("admin"), cid)
    with pytest.raises(NotFound):  # an attachment asked for under another client's thread
        house.messages.open_attachment(world.a.caller("lmt"), world.a.clients[1].id, photo.id)
    assert [e.outcome for e in house.audit_trail() if e.action == "message.read"][-1] != "allow"


def test_a_client_never_opens_the_attachment_of_a_held_message(
    house: FakeHouse, world: World
) -> None:
    lmt, cid = world.a.caller("lmt"), world.a.clients[0].id
    posted = house.messages.post(lmt, cid, DIAGNOSIS, [Upload("exercise.mp4", b"\x00mp4")])
    (video,) = posted.message.attachments
    assert video.kind is AttachmentKind.VIDEO
    with pytest.raises(NotFound):
        house.messages.open_attachment(world.a.caller("client1"), cid, video.id)
    found, opener, size = house.messages.open_attachment(lmt, cid, video.id)
    assert found.id == video.id and size == 4 and opener().read() == b"\x00mp4"


def test_a_watch_file_in_the_thread_imports_into_the_training_load(
    house: FakeHouse, world: World
) -> None:
    me, lmt, cid = world.a.caller("client1"), world.a.caller("lmt"), world.a.clients[0].id
    data = house.reader.file(run(date(2026, 2, 20), 8, 45))
    posted = house.messages.post(me, cid, "Saturday's run", [Upload("Morning Run.fit", data)])
    (fit,) = posted.message.attachments
    assert fit.kind is AttachmentKind.WATCH_FILE
    job = house.messages.import_attachment(lmt, cid, fit.id)
    (done,) = house.queue.run_all()
    assert done is not None and done.id == job.id and done.result["imported"] == 1
    assert house.training.activities(me, cid)[1] == 1
    photo = house.messages.post(me, cid, "", [Upload("knee.png", b"png")]).message.attachments[0]
    with pytest.raises(Invalid):
        house.messages.import_attachment(lmt, cid, photo.id)
