"""Blocks from a released overstride or trunk-lean cue on the fakes: the clinician chooses the
cue, the block starts from the value it quoted, the watch checks what it can (step rate for
overstride, nothing for trunk lean) and a follow-up video measures the form itself."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from kneecap.domain.retraining.adherence import RunStatus
from kneecap.domain.retraining.form import Lever
from kneecap.services.errors import Invalid
from kneecap.services.retraining import StartOptions
from tests.factories import World
from tests.fakes.house import FakeHouse
from tests.unit.services.test_retraining import TODAY, _analysis, _import

FORM_CUES: dict[str, Any] = {
    "feedback": [
        {"rule": "overstride", "text": "Land closer under your body.", "value": 0.21},
        {"rule": "trunk_lean", "text": "Try running a little taller.", "value": 14.2},
    ],
}


def _form_analysis(house: FakeHouse, world: World, tmp_path: Path, **metrics: Any) -> int:
    house.analyzer.metrics = {**house.analyzer.metrics, **FORM_CUES, **metrics}
    return _analysis(house, world, tmp_path)


def test_the_clinician_chooses_the_cue_and_the_page_lists_each(
    house: FakeHouse, world: World, tmp_path: Path
) -> None:
    cid, lmt = world.a.clients[0].id, world.a.caller("lmt")
    aid = _form_analysis(house, world, tmp_path)
    choices = house.retraining.page(lmt, cid).choices
    assert [(c.rule, c.lever, c.start) for c in choices] == [
        ("overstride", Lever.CADENCE, 0.21), ("trunk_lean", Lever.POSTURE, 14.2),
    ]  # fmt: skip
    with pytest.raises(Invalid) as bad:
        house.retraining.start(lmt, cid, StartOptions(aid, cue="pelvic_drop"))
    assert "cue" in bad.value.errors
    assert house.uow_factory.rows.retraining_blocks.rows() == []


def test_a_trunk_lean_block_counts_runs_and_leaves_the_lean_to_the_video(
    house: FakeHouse, world: World, tmp_path: Path
) -> None:
    cid, lmt = world.a.clients[0].id, world.a.caller("lmt")
    aid = _form_analysis(house, world, tmp_path)
    block = house.retraining.start(lmt, cid, StartOptions(aid, cue="trunk_lean"))
    assert block.cue_rule == "trunk_lean"
    _import(house, world, TODAY, 172.0)
    [view] = house.retraining.page(lmt, cid).blocks
    goal = view.plan.goal
    assert goal is not None and (goal.start, goal.threshold) == (14.2, 10.0)
    assert view.plan.lever is Lever.POSTURE
    assert {s.plan.target_spm for s in view.sessions} == {None}
    first = view.sessions[0].adherence
    assert first is not None and first.status is RunStatus.VIDEO_ONLY
    assert "cannot measure trunk lean" in first.message and "averaged 172" in first.message
    assert view.form_after is None and view.form_met is None
    # the follow-up side video, three weeks on: 8.5 and 9.6 deg at midstance
    house.clock.advance(days=21)
    house.analyzer.metrics = {
        **house.analyzer.metrics, "feedback": [],
        "per_side": {"left": {"trunk_lean_midstance_deg": {"mean": 8.5, "n": 6}},
                     "right": {"trunk_lean_midstance_deg": {"mean": 9.6, "n": 6}}},
    }  # fmt: skip
    later = _analysis(house, world, tmp_path)
    [view] = house.retraining.page(lmt, cid).blocks
    assert view.follow_up_id == later and view.form_after == 9.6 and view.form_met is True
    lines = house.retraining.block_ics(lmt, cid, block.id).decode().splitlines()
    assert lines[1] == "2026-03-02 retraining: Posture session 1: 15 min running tall"


def test_an_overstride_block_retrains_step_rate_and_the_watch_measures_it(
    house: FakeHouse, world: World, tmp_path: Path
) -> None:
    cid, lmt = world.a.clients[0].id, world.a.caller("lmt")
    aid = _form_analysis(house, world, tmp_path)
    house.retraining.start(lmt, cid, StartOptions(aid, cue="overstride"))
    _import(house, world, TODAY + timedelta(days=1), 172.0)
    [view] = house.retraining.page(lmt, cid).blocks
    assert view.plan.lever is Lever.CADENCE and view.plan.goal is not None
    assert view.plan.goal.start == 0.21
    assert [s.plan.target_spm for s in view.sessions] == [172] * 4 + [180] * 4  # 164 +5%, +10%
    first = view.sessions[0].adherence
    assert first is not None and first.status is RunStatus.MEASURED and first.within_share == 1


def test_a_trunk_lean_block_needs_no_step_rate(
    house: FakeHouse, world: World, tmp_path: Path
) -> None:
    cid, lmt = world.a.clients[0].id, world.a.caller("lmt")
    aid = _form_analysis(house, world, tmp_path, cadence_spm=None)
    page = house.retraining.page(lmt, cid)
    assert [c.rule for c in page.choices] == ["trunk_lean"]  # overstride's lever needs a rate
    block = house.retraining.start(lmt, cid, StartOptions(aid))
    assert block.cue_rule == "trunk_lean" and block.baseline_spm is None
