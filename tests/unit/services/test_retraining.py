"""Gait retraining on the fakes: a block starts from a released cadence cue only, each
imported run during it is a session whose per-record cadence is read from the stored upload,
runs without records say so, and staff see when video and watch disagree."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from kneecap.domain.load.activity import Sport
from kneecap.domain.retraining.adherence import CadenceTrace, RunStatus
from kneecap.ports.retraining import RunCadence
from kneecap.services.errors import Conflict, Forbidden, Invalid, NotFound
from kneecap.services.retraining import StartOptions
from kneecap.services.training_import import Upload
from tests.factories import World, run
from tests.fakes.house import FakeHouse

CLIP = b"\x00\x00\x00\x18ftypmp42 a running clip"
TODAY = date(2026, 3, 2)  # the fake clock's Monday


def _analysis(house: FakeHouse, world: World, tmp_path: Path, release: bool = True) -> int:
    path = tmp_path / "clip.mp4"
    path.write_bytes(CLIP)
    cid = world.a.clients[0].id
    up = house.gait.upload(world.a.caller("lmt"), cid, path, "clip.mp4", "side", 170)
    house.queue.run_all()
    if release:
        house.gait.release(world.a.caller("chiropractor"), up.analysis.id)
    return up.analysis.id


def _import(
    house: FakeHouse, world: World, day: date, spm: float | None, minutes: int = 30
) -> None:
    """One run on `day`, through the import job, with a per-second trace at `spm` (None:
    a file without cadence records, average 170)."""
    act = run(day, 5.0, minutes, avg_cadence_spm=170.0)
    data = house.reader.file(act)
    n = minutes * 60
    trace = None if spm is None else CadenceTrace(np.arange(n, dtype=float), np.full(n, spm))
    house.cadence.knows(data, RunCadence(act.start, Sport.RUN, trace))
    client = world.a.caller("client1")
    house.training.imports.start(client, world.a.clients[0].id, [Upload("run.fit", data)])
    house.queue.run_all()


def test_a_block_starts_only_from_a_released_cadence_cue(
    house: FakeHouse, world: World, tmp_path: Path
) -> None:
    cid, lmt = world.a.clients[0].id, world.a.caller("lmt")
    draft = _analysis(house, world, tmp_path, release=False)
    with pytest.raises(Invalid, match="released analysis"):
        house.retraining.start(lmt, cid, StartOptions(draft))
    aid = _analysis(house, world, tmp_path)
    with pytest.raises(Forbidden):
        house.retraining.start(world.a.caller("client1"), cid, StartOptions(aid))
    with pytest.raises(NotFound):
        house.retraining.start(world.b.caller("lmt"), cid, StartOptions(aid))
    with pytest.raises(Invalid) as dose:
        house.retraining.start(lmt, cid, StartOptions(aid, sessions=20, per_week=5))
    assert set(dose.value.errors) == {"sessions", "per_week"}
    block = house.retraining.start(lmt, cid, StartOptions(aid))
    assert block.baseline_spm == 164.0 and block.cue_rule == "cadence_low"
    last = house.audit_trail()[-1]
    assert (last.action, last.resource) == ("retraining.start", f"retraining_block:{block.id}")
    with pytest.raises(Conflict):
        house.retraining.start(lmt, cid, StartOptions(aid))
    page = house.retraining.page(lmt, cid)
    [view] = page.blocks
    assert [s.plan.target_spm for s in view.sessions] == [172] * 4 + [180] * 4
    assert view.next_session is view.sessions[0] and view.active


def test_imported_runs_become_sessions_with_adherence(
    house: FakeHouse, world: World, tmp_path: Path
) -> None:
    cid, lmt = world.a.clients[0].id, world.a.caller("lmt")
    aid = _analysis(house, world, tmp_path)
    house.retraining.start(lmt, cid, StartOptions(aid))
    _import(house, world, TODAY - timedelta(days=3), 165.0)  # before the block: not a session
    _import(house, world, TODAY, 172.0)
    house.training.log_pain(world.a.caller("client1"), cid, TODAY, 2, 1, 1)
    _import(house, world, TODAY + timedelta(days=2), None)
    house.clock.advance(days=3)
    [view] = house.retraining.page(world.a.caller("client1"), cid).blocks
    one, two, three = view.sessions[:3]
    assert one.adherence and one.adherence.status is RunStatus.MEASURED
    assert one.adherence.within_share == 1.0 and one.pain and one.pain.during == 2
    assert two.adherence and two.adherence.status is RunStatus.AVERAGE_ONLY
    assert "cannot be measured" in two.adherence.message
    assert three.run is None and view.next_session is three
    assert view.summary.done == 2 and view.summary.measured == 1
    assert view.summary.watch_before_spm == 170.0  # the run before the block, its average
    assert view.summary.film_follow_up
    assert view.agreements == ()  # the runner is not shown the video-vs-watch check
    staff = house.retraining.page(lmt, cid).blocks[0]
    # the video (164) against that week's runs: 172 from the records, 170 (average only)
    [check] = staff.agreements
    assert check.flagged and check.watch_spm == 171.0 and check.difference == 7.0


def test_a_trace_is_read_once_per_import(house: FakeHouse, world: World, tmp_path: Path) -> None:
    cid, lmt = world.a.clients[0].id, world.a.caller("lmt")
    house.retraining.start(lmt, cid, StartOptions(_analysis(house, world, tmp_path)))
    _import(house, world, TODAY, 172.0)
    house.retraining.page(lmt, cid)
    rows = house.uow_factory.rows
    assert len(rows.cadence_traces.rows()) == 1 and len(rows.cadence_scans.rows()) == 1
    house.retraining.page(lmt, cid)
    assert len(rows.cadence_scans.rows()) == 1


def test_ending_a_block(house: FakeHouse, world: World, tmp_path: Path) -> None:
    cid, lmt = world.a.clients[0].id, world.a.caller("lmt")
    aid = _analysis(house, world, tmp_path)
    block = house.retraining.start(lmt, cid, StartOptions(aid))
    with pytest.raises(Forbidden):
        house.retraining.end(world.a.caller("client1"), cid, block.id)
    house.retraining.end(lmt, cid, block.id)
    with pytest.raises(Conflict):
        house.retraining.end(lmt, cid, block.id)
    assert house.retraining.page(lmt, cid).blocks[0].summary.ended
    house.retraining.start(lmt, cid, StartOptions(aid))  # a new one may start now


def test_a_follow_up_video_fills_the_summary(
    house: FakeHouse, world: World, tmp_path: Path
) -> None:
    cid, lmt = world.a.clients[0].id, world.a.caller("lmt")
    first = _analysis(house, world, tmp_path)
    house.retraining.start(lmt, cid, StartOptions(first))
    house.clock.advance(days=20)
    house.analyzer.metrics = {**house.analyzer.metrics, "cadence_spm": 174.0}
    second = _analysis(house, world, tmp_path)
    [view] = house.retraining.page(lmt, cid).blocks
    assert view.follow_up_id == second
    s = view.summary
    assert (s.video_before_spm, s.video_after_spm, s.video_change) == (164.0, 174.0, 10.0)
    assert not s.film_follow_up


def test_the_sessions_go_to_the_runners_calendar(
    house: FakeHouse, world: World, tmp_path: Path
) -> None:
    cid, lmt = world.a.clients[0].id, world.a.caller("lmt")
    block = house.retraining.start(lmt, cid, StartOptions(_analysis(house, world, tmp_path)))
    lines = house.retraining.block_ics(world.a.caller("client1"), cid, block.id).decode()
    name, first, *rest = lines.splitlines()
    assert name == "Kneecap step-rate sessions" and len(rest) == 7
    assert first == "2026-03-02 retraining: Step-rate session 1: 15 min at 172 steps/min"
    with pytest.raises(NotFound):
        house.retraining.block_ics(world.b.caller("client1"), cid, block.id)


def test_bad_starts_say_what_to_fix_and_store_nothing(
    house: FakeHouse, world: World, tmp_path: Path
) -> None:
    cid, lmt = world.a.clients[0].id, world.a.caller("lmt")
    aid = _analysis(house, world, tmp_path)
    with pytest.raises(NotFound):  # another runner's analysis, same clinic
        house.retraining.start(lmt, world.a.clients[1].id, StartOptions(aid))
    with pytest.raises(Invalid) as steps:
        house.retraining.start(lmt, cid, StartOptions(aid, steps="20"))
    assert "steps" in steps.value.errors
    with pytest.raises(Invalid) as far:
        house.retraining.start(lmt, cid, StartOptions(aid, start=TODAY + timedelta(days=60)))
    assert "start" in far.value.errors
    with pytest.raises(NotFound):
        house.retraining.start(lmt, cid, StartOptions(9999))
    assert house.uow_factory.rows.retraining_blocks.rows() == []


def test_a_block_whose_sessions_are_all_run_has_ended_and_another_may_start(
    house: FakeHouse, world: World, tmp_path: Path
) -> None:
    cid, lmt = world.a.clients[0].id, world.a.caller("lmt")
    aid = _analysis(house, world, tmp_path)
    house.retraining.start(lmt, cid, StartOptions(aid))
    for d in range(8):
        _import(house, world, TODAY + timedelta(days=d), 172.0, minutes=20)
    [view] = house.retraining.page(lmt, cid).blocks
    assert view.summary.done == 8 and not view.active
    house.retraining.start(lmt, cid, StartOptions(aid, start=TODAY + timedelta(days=8)))
