"""Importing watch files as a job: the uploads are stored before anything reads them, an
activity is never stored twice, unreadable files are named with the reason while the rest
still imports, and a failed import loses nothing."""

from __future__ import annotations

from datetime import date

import pytest

from kneecap.domain.jobs import Job, JobStatus
from kneecap.services.errors import Invalid, NotFound
from kneecap.services.training_import import MAX_FILES, Upload
from tests.factories import World, run
from tests.fakes.activities import UNREADABLE
from tests.fakes.house import FakeHouse


def _import(house: FakeHouse, world: World, *uploads: Upload) -> Job:
    me, cid = world.a.caller("client1"), world.a.clients[0].id
    job = house.training.imports.start(me, cid, list(uploads))
    (done,) = house.queue.run_all()
    assert done is not None and done.id == job.id
    return done


def test_files_are_stored_and_queued_before_anything_reads_them(
    house: FakeHouse, world: World
) -> None:
    data = house.reader.file(run(date(2026, 2, 20), 8, 45))
    job = house.training.imports.start(
        world.a.caller("client1"), world.a.clients[0].id, [Upload("../../etc/Run 1.fit", data)]
    )
    assert job.status is JobStatus.QUEUED and house.queue.waiting == [job.id]
    (stored,) = job.payload["files"]
    assert stored["name"] == "Run 1.fit" and house.blobs.get(stored["key"]) == data
    assert house.audit_trail()[-1].detail == f"job {job.id}: 1 file(s)"
    assert house.training.activities(world.a.caller("client1"), world.a.clients[0].id)[1] == 0


def test_a_reimport_stores_nothing_twice(house: FakeHouse, world: World) -> None:
    runs = [run(date(2026, 2, d), 8, 45) for d in (20, 22, 24)]
    first = _import(house, world, Upload("a.fit", house.reader.file(*runs[:2])))
    assert (first.result["imported"], first.result["duplicates"]) == (2, 0)
    # The same runs again (as another export would hold them), and one new.
    again = _import(house, world, Upload("export.zip", house.reader.file(*runs)))
    assert (again.result["read"], again.result["imported"], again.result["duplicates"]) == (3, 1, 2)
    assert again.result["first"] == "2026-02-20T07:00:00+00:00"
    assert house.training.activities(world.a.caller("lmt"), world.a.clients[0].id)[1] == 3


def test_unreadable_files_are_named_and_the_rest_still_imports(
    house: FakeHouse, world: World
) -> None:
    good = house.reader.file(run(date(2026, 2, 20), 8, 45))
    done = _import(house, world, Upload("good.fit", good), Upload("notes.txt", b"just text"))
    assert done.status is JobStatus.DONE and done.result["imported"] == 1
    assert done.result["errors"] == [{"file": "notes.txt", "reason": UNREADABLE}]
    assert (done.result["files"], done.result["error_count"]) == (2, 1)


def test_when_nothing_can_be_read_the_job_fails_and_the_uploads_are_kept(
    house: FakeHouse, world: World
) -> None:
    _import(house, world, Upload("good.fit", house.reader.file(run(date(2026, 2, 20), 8, 45))))
    before = dict(house.blobs.blobs)
    failed = _import(house, world, Upload("broken.fit", b"\x0e\x10"), Upload("b.gpx", b"<gpx"))
    assert failed.status is JobStatus.FAILED
    assert failed.error.startswith("No activity could be read. broken.fit: ")
    assert "Nothing stored was changed; the uploaded files are kept." in failed.error
    assert house.training.activities(world.a.caller("lmt"), world.a.clients[0].id)[1] == 1
    assert before.items() <= house.blobs.blobs.items() and len(house.blobs.blobs) == 3


def test_an_upload_lost_from_the_store_is_reported_by_name(house: FakeHouse, world: World) -> None:
    me, cid = world.a.caller("client1"), world.a.clients[0].id
    good = house.reader.file(run(date(2026, 2, 20), 8, 45))
    job = house.training.imports.start(me, cid, [Upload("gone.fit", good), Upload("ok.fit", good)])
    house.blobs.delete(job.payload["files"][0]["key"])
    (done,) = house.queue.run_all()
    assert done is not None and done.result["imported"] == 1
    assert done.result["errors"][0]["file"] == "gone.fit"
    assert "upload it again" in done.result["errors"][0]["reason"]


def test_empty_or_too_many_files_are_refused_before_anything_is_stored(
    house: FakeHouse, world: World
) -> None:
    me, cid = world.a.caller("client1"), world.a.clients[0].id
    with pytest.raises(Invalid, match="Choose at least one file"):
        house.training.imports.start(me, cid, [Upload("empty.fit", b"")])
    with pytest.raises(Invalid, match=r"export \.zip"):
        house.training.imports.start(
            me, cid, [Upload(f"{n}.fit", b"x") for n in range(MAX_FILES + 1)]
        )
    with pytest.raises(NotFound):
        house.training.imports.start(world.b.caller("lmt"), cid, [Upload("a.fit", b"x")])
    assert house.blobs.blobs == {} and house.queue.waiting == []


def test_the_import_jobs_of_a_client_are_listed_for_who_may_see_them(
    house: FakeHouse, world: World
) -> None:
    done = _import(house, world, Upload("a.fit", house.reader.file(run(date(2026, 2, 20), 8, 45))))
    cid = world.a.clients[0].id
    assert [j.id for j in house.training.import_jobs(world.a.caller("lmt"), cid)] == [done.id]
    with pytest.raises(NotFound):
        house.training.import_jobs(world.a.caller("client2"), cid)


def test_a_copy_in_a_later_upload_seconds_apart_is_not_stored_again(
    house: FakeHouse, world: World
) -> None:
    from dataclasses import replace
    from datetime import UTC, datetime

    watch = replace(run(date(2026, 2, 20), 10, 50),
                    start=datetime(2026, 2, 20, 5, 5, 52, tzinfo=UTC))  # fmt: skip
    phone = replace(watch, start=datetime(2026, 2, 20, 5, 6, 1, tzinfo=UTC), distance_m=9_900.0)
    first = _import(house, world, Upload("watch.fit", house.reader.file(watch)))
    second = _import(house, world, Upload("phone.gpx", house.reader.file(phone)))
    assert first.result["imported"] == 1
    assert (second.result["imported"], second.result["duplicates"]) == (0, 1)
    # the minute differs (05:05 and 05:06): a key by minute would have stored it twice
    assert watch.dedup_key != phone.dedup_key
