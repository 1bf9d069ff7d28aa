"""Review rules: what a client sees, the clinician's cue edits, comments, before/after."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kneecap.domain.gait.review import (
    MAX_CUE_CHARS,
    FeedbackItem,
    GaitAnalysisRecord,
    ReviewError,
    checked_comment,
    compare,
    edited_feedback,
    initial_feedback,
    visible_to_client,
)

NOW = datetime(2026, 3, 2, tzinfo=UTC)
METRICS = {
    "fps": 60.0,
    "cadence_spm": 164.0,
    "n_steps": 20,
    "per_side": {"left": {"knee_flexion_ic_deg": {"mean": 8.0}, "foot_strike": "rearfoot"}},
    "steps": [{"side": "left", "ic_s": 0.5}, {"side": "right", "ic_s": 0.86}],
    "feedback": [{"rule": "cadence_low", "text": "Quicker steps."}],
}


def record(**kw: object) -> GaitAnalysisRecord:
    base: dict[str, object] = {
        "id": 1,
        "clinic_id": 1,
        "client_id": 2,
        "video_id": 3,
        "view": "auto",
        "height_cm": None,
        "created_at": NOW,
    }
    return GaitAnalysisRecord(**{**base, **kw})  # type: ignore[arg-type]


def test_a_client_sees_only_a_finished_released_analysis() -> None:
    assert not visible_to_client(record())
    assert not visible_to_client(record(metrics=METRICS))
    assert visible_to_client(record(metrics=METRICS, released_at=NOW))


def test_initial_contacts_and_fps_come_from_the_metrics() -> None:
    a = record(metrics=METRICS)
    assert [(c.side, c.t_s) for c in a.initial_contacts] == [("left", 0.5), ("right", 0.86)]
    assert a.fps == 60.0
    assert initial_feedback(METRICS) == (FeedbackItem("cadence_low", "Quicker steps."),)


def test_edits_replace_drop_and_add_cues() -> None:
    current = (FeedbackItem("a", "one"), FeedbackItem("b", "two"))
    out = edited_feedback(current, ["  One, edited ", ""], "Mine")
    assert out == (FeedbackItem("a", "One, edited"), FeedbackItem("clinician", "Mine"))


def test_stale_or_long_edits_are_refused_with_field_errors() -> None:
    with pytest.raises(ReviewError, match="reload"):
        edited_feedback((FeedbackItem("a", "one"),), [], "")
    with pytest.raises(ReviewError) as exc:
        edited_feedback((FeedbackItem("a", "one"),), ["x" * (MAX_CUE_CHARS + 1)])
    assert "cue_0" in exc.value.errors


def test_comments_need_text_and_a_time_inside_the_video() -> None:
    assert checked_comment(1.23456, " ok ", 10.0) == (1.235, "ok")
    with pytest.raises(ReviewError) as exc:
        checked_comment(-1.0, "", 10.0)
    assert set(exc.value.errors) == {"t_s", "text"}
    with pytest.raises(ReviewError):
        checked_comment(float("nan"), "x", 10.0)


@given(st.floats(allow_nan=True, allow_infinity=True), st.floats(0, 600))
def test_comment_times_are_either_accepted_inside_the_clip_or_refused(t: float, d: float) -> None:
    try:
        t_s, _ = checked_comment(t, "x", d)
    except ReviewError:
        return
    assert 0 <= t_s <= d + 1


def test_compare_lists_metrics_measured_in_either_and_the_change() -> None:
    after = {**METRICS, "cadence_spm": 172.0, "per_side": {}}
    rows = {r.label: r for r in compare(METRICS, after)}
    assert rows["Cadence (steps/min)"].change == pytest.approx(8.0)
    knee = rows["Knee flexion at contact (deg), left"]
    assert knee.before == 8.0 and knee.after is None and knee.change is None
    assert "Pelvic drop (deg), left" not in rows


def test_every_metric_and_feedback_rule_has_a_label_in_words() -> None:
    from kneecap.domain.gait.feedback import RULES
    from kneecap.domain.gait.review import CUE_LABELS, metric_label

    assert metric_label("knee_flexion_ic_deg") == "Knee flexion at contact (deg)"
    assert metric_label("a_new_metric") == "a new metric"  # never a raw key with underscores
    assert {r.id for r in RULES} <= CUE_LABELS.keys()
