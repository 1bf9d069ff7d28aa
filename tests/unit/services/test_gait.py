"""Running-form videos: an upload is stored before it is analysed and never lost, the job
stores the results and the first cues, a client sees an analysis only once a clinician has
released it, and a released analysis is final."""

from __future__ import annotations

from pathlib import Path

import pytest

from kneecap.domain.gait.errors import TooFewStridesError
from kneecap.domain.jobs import JobStatus
from kneecap.services.errors import Conflict, Forbidden, Invalid, NotFound
from kneecap.services.gait import Upload
from tests.factories import World
from tests.fakes.gait import NOT_A_VIDEO
from tests.fakes.house import FakeHouse

CLIP = b"\x00\x00\x00\x18ftypmp42 a running clip"


def _clip(tmp_path: Path, data: bytes = CLIP) -> Path:
    path = tmp_path / "upload.bin"
    path.write_bytes(data)
    return path


def _uploaded(house: FakeHouse, world: World, tmp_path: Path, who: str = "lmt") -> Upload:
    cid = world.a.clients[0].id
    return house.gait.upload(world.a.caller(who), cid, _clip(tmp_path), "My Run.MOV", "side", 181)


def _analysed(house: FakeHouse, world: World, tmp_path: Path) -> int:
    up = _uploaded(house, world, tmp_path)
    house.queue.run_all()
    return up.analysis.id


def test_an_upload_is_stored_then_queued_for_analysis(
    house: FakeHouse, world: World, tmp_path: Path
) -> None:
    up = _uploaded(house, world, tmp_path, who="client1")
    assert up.video.filename == "My Run.MOV" and up.video.size_bytes == len(CLIP)
    assert up.video.blob_key.endswith(".mov") and house.blobs.get(up.video.blob_key) == CLIP
    assert (up.video.width, up.video.fps) == (1280, 30.0)  # as the probe read them
    assert up.job.status is JobStatus.QUEUED and up.analysis.job_id == up.job.id
    assert not up.analysis.ready and house.queue.waiting == [up.job.id]
    last = house.audit_trail()[-1]
    assert (last.action, last.detail) == ("gait.upload", f"video {up.video.id}, {len(CLIP)} bytes")


def test_a_bad_upload_is_refused_with_what_to_fix_and_nothing_is_stored(
    house: FakeHouse, world: World, tmp_path: Path
) -> None:
    lmt, cid = world.a.caller("lmt"), world.a.clients[0].id
    with pytest.raises(Invalid) as fields:
        house.gait.upload(lmt, cid, _clip(tmp_path), "run.mp4", view="top", height_cm=40)
    assert set(fields.value.errors) == {"view", "height_cm"}
    with pytest.raises(Invalid, match="not a video") as video:
        house.gait.upload(lmt, cid, _clip(tmp_path, NOT_A_VIDEO), "notes.mp4")
    assert "file" in video.value.errors
    with pytest.raises(NotFound):
        house.gait.upload(world.b.caller("lmt"), cid, _clip(tmp_path), "run.mp4")
    assert house.blobs.blobs == {} and house.gait.for_client(lmt, cid) == []


def test_the_job_stores_results_outputs_and_first_cues_and_cleans_up(
    house: FakeHouse, world: World, tmp_path: Path
) -> None:
    up = _uploaded(house, world, tmp_path)
    (job,) = house.queue.run_all()
    assert job is not None and job.status is JobStatus.DONE
    assert job.result == {"analysis_id": up.analysis.id, "cadence_spm": 164.0, "n_steps": 2,
                          "view": "side"}  # fmt: skip
    assert house.analyzer.analysed == [(CLIP, "side", 181)]
    page = house.gait.page(world.a.caller("lmt"), up.analysis.id)
    assert page.analysis.ready and [f.rule for f in page.analysis.feedback] == ["cadence_low"]
    assert set(page.analysis.outputs) == {"video", "json", "report"}
    opener, size = house.gait.open_output(world.a.caller("lmt"), up.analysis.id, "video")
    with opener() as stream:
        assert stream.read() == b"annotated " + CLIP and size == len(CLIP) + 10
    assert house.blobs.get(up.video.blob_key) == CLIP  # the upload stays
    assert all(not p.exists() for p in house.scratch.used)  # scratch folders are gone


def test_a_failed_analysis_tells_why_keeps_the_upload_and_can_run_again(
    house: FakeHouse, world: World, tmp_path: Path
) -> None:
    house.analyzer.fails_with = TooFewStridesError()
    up = _uploaded(house, world, tmp_path)
    (job,) = house.queue.run_all()
    assert job is not None and job.status is JobStatus.FAILED
    assert job.error == TooFewStridesError.user_message
    assert house.blobs.get(up.video.blob_key) == CLIP
    house.analyzer.fails_with = None
    again = house.gait.rerun(world.a.caller("lmt"), up.analysis.id)
    assert again.id != job.id and house.queue.run_all()[0] is not None
    assert house.gait.page(world.a.caller("lmt"), up.analysis.id).analysis.ready


def test_a_client_sees_an_analysis_only_once_released(
    house: FakeHouse, world: World, tmp_path: Path
) -> None:
    lmt, me, cid = world.a.caller("lmt"), world.a.caller("client1"), world.a.clients[0].id
    dc = world.a.caller("chiropractor")  # releases what reaches the client (scope of practice)
    up = _uploaded(house, world, tmp_path, who="client1")
    with pytest.raises(Conflict, match="finished"):
        house.gait.release(dc, up.analysis.id)
    house.queue.run_all()
    status, _ = house.gait.status(me, up.analysis.id)  # the uploader follows the job
    assert status.ready
    assert house.gait.for_client(me, cid) == []
    with pytest.raises(NotFound, match="That analysis"):
        house.gait.page(me, up.analysis.id)
    house.gait.comment(lmt, up.analysis.id, 0.5, "Overstride on the left")
    with pytest.raises(Forbidden):
        house.gait.release(me, up.analysis.id)
    with pytest.raises(Forbidden):
        house.gait.release(lmt, up.analysis.id)
    house.gait.release(dc, up.analysis.id)
    page = house.gait.page(me, up.analysis.id)
    assert page.analysis.released and page.comments == []  # review notes stay with the clinic
    assert [a.id for a in house.gait.for_client(me, cid)] == [up.analysis.id]


def test_released_feedback_is_final_and_rerunning_needs_a_new_upload(
    house: FakeHouse, world: World, tmp_path: Path
) -> None:
    lmt, dc = world.a.caller("lmt"), world.a.caller("chiropractor")
    aid = _analysed(house, world, tmp_path)
    edited = house.gait.edit_feedback(dc, aid, ["Quicker steps, about 5% more."], " Relax arms ")
    assert [f.text for f in edited.feedback] == ["Quicker steps, about 5% more.", "Relax arms"]
    with pytest.raises(Invalid, match="reload"):
        house.gait.edit_feedback(dc, aid, [], "")
    house.gait.release(dc, aid)
    with pytest.raises(Conflict, match="final"):
        house.gait.edit_feedback(dc, aid, ["x", "y"], "")
    with pytest.raises(Conflict, match="upload a new video"):
        house.gait.rerun(lmt, aid)
    with pytest.raises(Conflict, match="already released"):
        house.gait.release(dc, aid)


def test_review_comments_sit_inside_the_clip_and_are_kept_in_time_order(
    house: FakeHouse, world: World, tmp_path: Path
) -> None:
    lmt = world.a.caller("lmt")
    aid = _analysed(house, world, tmp_path)
    with pytest.raises(Invalid):
        house.gait.comment(lmt, aid, 99.0, "after the end of a 12 s clip")
    with pytest.raises(Invalid):
        house.gait.comment(lmt, aid, 1.0, "   ")
    house.gait.comment(lmt, aid, 4.0, "Heel strike")
    house.gait.comment(lmt, aid, 1.5, "Hip drop")
    page = house.gait.page(lmt, aid)
    assert [c.text for c in page.comments] == ["Hip drop", "Heel strike"]
    with pytest.raises(Forbidden):
        house.gait.comment(world.a.caller("client1"), aid, 1.0, "mine")


def test_only_two_analyses_of_one_runner_are_compared(
    house: FakeHouse, world: World, tmp_path: Path
) -> None:
    lmt = world.a.caller("lmt")
    first, second = _analysed(house, world, tmp_path), _analysed(house, world, tmp_path)
    before, after, rows = house.gait.compare(lmt, first, second)
    assert (before.id, after.id) == (first, second) and rows
    other = house.gait.upload(lmt, world.a.clients[1].id, _clip(tmp_path), "b.mp4").analysis.id
    with pytest.raises(Invalid, match="same runner"):
        house.gait.compare(lmt, first, other)
    with pytest.raises(NotFound):
        house.gait.compare(world.b.caller("lmt"), first, second)
    theirs = house.gait.upload(world.b.caller("lmt"), world.b.clients[0].id, _clip(tmp_path),
                               "c.mp4").analysis.id  # fmt: skip
    with pytest.raises(NotFound):  # one's own, then another clinic's: denied after a read
        house.gait.compare(lmt, first, theirs)
    assert house.audit_trail(world.a.clinic_id)[-1].outcome == "hidden"


def test_a_rerun_removes_the_outputs_it_replaced_once_they_are_committed(
    house: FakeHouse, world: World, tmp_path: Path
) -> None:
    aid = _analysed(house, world, tmp_path)
    lmt = world.a.caller("lmt")
    first = dict(house.gait.page(lmt, aid).analysis.outputs)
    assert all(house.blobs.exists(k) for k in first.values())
    house.gait.rerun(lmt, aid)
    house.queue.run_all()
    second = house.gait.page(lmt, aid).analysis.outputs
    assert set(second.values()).isdisjoint(first.values())  # keys carry the job's number
    assert all(house.blobs.exists(k) for k in second.values())
    assert not any(house.blobs.exists(k) for k in first.values())
