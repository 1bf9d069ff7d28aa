"""A stored running-form analysis as the clinic sees it: the upload, the automated result,
the clinician's comments and edited cues, and its release to the client.

Pure rules: who may see what is decided by the policy; this module says what a client may see
of an analysis (only released ones) and checks the clinician's edits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kneecap.domain.gait.metrics import ASYMMETRY_METRICS, MIN_ASYMMETRY_STEPS
from kneecap.domain.gait.needs import NEEDS, why_absent

MAX_CUE_CHARS = 600
MAX_CUES = 12
MAX_COMMENT_CHARS = 2000


class ReviewError(ValueError):
    """An edit the review rules refuse; `errors` maps field names to what to fix."""

    def __init__(self, message: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


@dataclass(frozen=True)
class GaitVideo:
    id: int
    clinic_id: int
    client_id: int
    blob_key: str
    filename: str
    size_bytes: int
    uploaded_by: int | None
    uploaded_at: datetime
    width: int
    height: int
    fps: float
    duration_s: float


@dataclass(frozen=True)
class FeedbackItem:
    rule: str
    text: str


@dataclass(frozen=True)
class Comment:
    id: int
    analysis_id: int
    t_s: float
    text: str
    author_id: int | None
    author_name: str
    created_at: datetime


@dataclass(frozen=True)
class InitialContact:
    side: str
    t_s: float


@dataclass(frozen=True)
class GaitAnalysisRecord:
    id: int
    clinic_id: int
    client_id: int
    video_id: int
    view: str  # requested: side, rear or auto
    height_cm: float | None
    created_at: datetime
    job_id: int | None = None
    metrics: dict[str, Any] | None = None  # the pipeline's metrics JSON once it has finished
    outputs: dict[str, str] = field(default_factory=dict)  # name -> blob key
    feedback: tuple[FeedbackItem, ...] = ()
    released_at: datetime | None = None
    released_by: int | None = None

    @property
    def ready(self) -> bool:
        return self.metrics is not None

    @property
    def released(self) -> bool:
        return self.released_at is not None

    @property
    def fps(self) -> float:
        return float((self.metrics or {}).get("fps") or 30.0)

    @property
    def initial_contacts(self) -> list[InitialContact]:
        steps = (self.metrics or {}).get("steps", [])
        return [InitialContact(str(s["side"]), float(s["ic_s"])) for s in steps]


def visible_to_client(analysis: GaitAnalysisRecord) -> bool:
    """A runner sees an analysis only once a clinician has reviewed and released it."""
    return analysis.released and analysis.ready


def initial_feedback(metrics: dict[str, Any]) -> tuple[FeedbackItem, ...]:
    """The automated cues (from the feedback rules) as the clinician's starting draft; none
    when the analysis's quality summary says cues may not be drafted from it."""
    if not (metrics.get("quality") or {}).get("cues_drafted", True):
        return ()
    return tuple(FeedbackItem(str(c["rule"]), str(c["text"])) for c in metrics.get("feedback", []))


def edited_feedback(
    current: tuple[FeedbackItem, ...], texts: list[str], added: str = ""
) -> tuple[FeedbackItem, ...]:
    """Apply the clinician's edits: a blank text drops that cue; `added` appends one."""
    if len(texts) != len(current):
        raise ReviewError("The cues changed while you edited them; reload and try again.")
    out = [
        FeedbackItem(item.rule, text.strip())
        for item, text in zip(current, texts, strict=True)
        if text.strip()
    ]
    if added.strip():
        out.append(FeedbackItem("clinician", added.strip()))
    errors = {
        f"cue_{i}": f"Keep each cue under {MAX_CUE_CHARS} characters."
        for i, item in enumerate(out)
        if len(item.text) > MAX_CUE_CHARS
    }
    if len(out) > MAX_CUES:
        errors["added"] = f"At most {MAX_CUES} cues."
    if errors:
        raise ReviewError("Please shorten the highlighted cues.", errors)
    return tuple(out)


def checked_comment(t_s: float, text: str, duration_s: float) -> tuple[float, str]:
    text = text.strip()
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = "Write the comment."
    elif len(text) > MAX_COMMENT_CHARS:
        errors["text"] = f"Keep comments under {MAX_COMMENT_CHARS} characters."
    if not math.isfinite(t_s) or t_s < 0 or t_s > duration_s + 1:
        errors["t_s"] = f"Give a time between 0 and {duration_s:.1f} seconds."
    if errors:
        raise ReviewError("Please correct the comment.", errors)
    return round(t_s, 3), text


# Each metric's name in words, with its unit (the metrics JSON keys them in snake case).
METRIC_LABELS: dict[str, str] = {
    "knee_flexion_ic_deg": "Knee flexion at contact (deg)",
    "knee_flexion_peak_stance_deg": "Peak knee flexion in stance (deg)",
    "overstride_leg": "Overstride (leg lengths)",
    "shank_angle_ic_deg": "Shank angle at contact (deg)",
    "trunk_lean_ic_deg": "Trunk lean at contact (deg)",
    "trunk_lean_midstance_deg": "Trunk lean at midstance (deg)",
    "foot_strike_angle_deg": "Foot strike angle (deg)",
    "contact_time_ms": "Ground contact time (ms)",
    "flight_time_ms": "Flight time before contact (ms)",
    "duty_factor": "Duty factor (share of the stride in contact)",
    "pelvic_drop_deg": "Pelvic drop (deg)",
    "kfppa_deg": "Knee frontal-plane angle (deg)",
    "foot_midline_offset_leg": "Foot distance from the midline (leg lengths)",
    "foot_midline_offset_cm": "Foot distance from the midline (cm)",
    "step_time_ms": "Step time (ms)",
    "step_width_leg": "Step width (leg lengths)",
    "step_width_cm": "Step width (cm)",
    "vertical_oscillation_cm": "Vertical oscillation (cm)",
    "step_length_cm": "Step length (cm)",
    "vertical_ratio_pct": "Vertical ratio (%)",
    "arm_crossover_leg": "Arm reach past the midline (leg lengths)",
    "arm_crossover_cm": "Arm reach past the midline (cm)",
    "arm_crosses_midline": "Strides with the wrist across the midline (share)",
    "trunk_sway_leg": "Lateral trunk sway (leg lengths)",
    "trunk_sway_cm": "Lateral trunk sway (cm)",
    "trunk_lateral_lean_deg": "Lateral trunk lean at midstance (deg)",
    "hip_extension_to_deg": "Hip extension at toe-off (deg)",
    "knee_flexion_midstance_deg": "Knee flexion at midstance (deg)",
}
# What each feedback rule (domain/gait/feedback.py) looks at, in words.
CUE_LABELS: dict[str, str] = {
    "cadence_low": "low step rate",
    "cadence_moderate": "step rate below 178",
    "overstride": "overstriding",
    "knee_extended_ic": "straight knee at landing",
    "trunk_lean": "forward trunk lean",
    "pelvic_drop": "pelvic drop",
    "kfppa": "knee moving inward",
}


def metric_label(key: str) -> str:
    return METRIC_LABELS.get(key, key.replace("_", " "))


# Shown side by side when comparing two analyses: the whole-clip figures, then every
# per-step measure (needs.py's order, then any other the analyses report) for each side,
# then the left/right asymmetry indices and the quality summary.
SIDES = ("left", "right")
GROUPS = {
    "clip": "The whole clip",
    "side": "Each side (mean over its placed steps)",
    "asymmetry": "Left/right asymmetry (symmetry index: 0 even, positive left larger)",
    "quality": "How far the analysis can be trusted",
}
SUMMARY_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Cadence (steps/min)", ("cadence_spm",)),
    ("Steps measured", ("n_steps",)),
)
QUALITY_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Frames with a confident full-body pose (share)", ("quality", "confident_pose_share")),
    ("Contacts placed", ("quality", "contacts_placed")),
    ("Contacts expected", ("quality", "contacts_expected")),
    ("Gaps (contacts that could not be placed)", ("quality", "gaps")),
    ("Left/right swaps repaired", ("quality", "swaps_repaired")),
    ("View certainty (share of frames)", ("quality", "view_certainty")),
)


def _lookup(metrics: dict[str, Any] | None, path: tuple[str, ...]) -> float | None:
    node: Any = metrics or {}
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    ok = isinstance(node, int | float) and not isinstance(node, bool) and math.isfinite(node)
    return float(node) if ok else None


@dataclass(frozen=True)
class ComparedMetric:
    label: str  # with its unit
    before: float | None
    after: float | None
    # where a value is absent: why (the view, frame rate or height it needs)
    before_why: str = ""
    after_why: str = ""
    digits: int = 1  # decimals worth showing
    group: str = ""  # the table section: GROUPS

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def measured(self) -> bool:
        return self.before is not None or self.after is not None

    @property
    def why_both(self) -> str:
        """Why neither analysis has it (the one reason where both share it)."""
        if self.before_why == self.after_why:
            return self.before_why
        return f"before: {self.before_why}; after: {self.after_why}"


NOT_RECORDED = "not recorded by the version of Kneecap that analysed this video"


def _digits(label: str) -> int:
    if label.startswith(("Steps", "Contacts", "Gaps", "Left/right swaps")):
        return 0  # counts
    if "(share" in label or "leg lengths" in label:
        return 2
    return 1


def _per_step_keys(*metrics: dict[str, Any] | None) -> list[str]:
    reported = {
        k
        for m in metrics
        for side in (m or {}).get("per_side", {}).values()
        if isinstance(side, dict)
        for k, v in side.items()
        if isinstance(v, dict)
    }
    return [*NEEDS, *sorted(reported - NEEDS.keys())]


def _why(key: str, metrics: dict[str, Any] | None, side: str | None) -> str:
    if not (metrics and _side_measured(metrics, key)):
        return why_absent(key, metrics)
    if side is not None:
        return "not measured on this side: too few of its steps were placed"
    # an asymmetry index of a measure that was measured (metrics.asymmetry)
    return f"needs at least {MIN_ASYMMETRY_STEPS} placed steps on each side"


def _side_measured(metrics: dict[str, Any], key: str) -> bool:
    return any(_lookup(metrics, ("per_side", s, key, "mean")) is not None for s in SIDES)


def compare_all(
    before: dict[str, Any] | None, after: dict[str, Any] | None
) -> list[ComparedMetric]:
    """Every figure of two analyses side by side, each absent value with the reason."""

    def row(
        group: str, label: str, path: tuple[str, ...], key: str = "", side: str | None = None
    ) -> ComparedMetric:
        b, a = _lookup(before, path), _lookup(after, path)
        return ComparedMetric(
            label,
            b,
            a,
            "" if b is not None else (_why(key, before, side) if key else NOT_RECORDED),
            "" if a is not None else (_why(key, after, side) if key else NOT_RECORDED),
            _digits(label),
            group,
        )

    rows = [row("clip", label, path) for label, path in SUMMARY_ROWS]
    for key in _per_step_keys(before, after):
        for side in SIDES:
            rows.append(
                row(
                    "side",
                    f"{metric_label(key)}, {side}",
                    ("per_side", side, key, "mean"),
                    key,
                    side,
                )
            )
    for key in ASYMMETRY_METRICS:
        name = metric_label(key).split(" (")[0]
        label = f"Left/right asymmetry, {name.lower()} (%)"
        rows.append(row("asymmetry", label, ("asymmetry_pct", key), key))
    rows.extend(row("quality", label, path) for label, path in QUALITY_ROWS)
    return rows


def compare(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[ComparedMetric]:
    """The figures of two analyses measured in at least one of them, and the change."""
    return [r for r in compare_all(before, after) if r.measured]


def not_measured(rows: list[ComparedMetric]) -> list[tuple[str, list[str]]]:
    """The figures neither analysis has, by reason: (reason, their names, each side's once)."""
    by_reason: dict[str, list[str]] = {}
    for r in rows:
        if r.measured:
            continue
        name = r.label.removesuffix(", left").removesuffix(", right")
        names = by_reason.setdefault(r.why_both, [])
        if name not in names:
            names.append(name)
    return list(by_reason.items())
