"""How far an analysis can be trusted, and whether cues may be drafted from it automatically.

Figures: share of frames with a confident full-body pose, contacts placed against those
expected from the runner's own step time, gaps, left/right swaps repaired, how clearly the
view was recognised and, from behind, how precisely the clip timed its own contacts. Below
the thresholds no cue is drafted automatically (the clinician still can write one), and the
reasons are kept to show on the review page. Thresholds are Kneecap engineering defaults, not
clinical cut-offs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from kneecap.domain.gait.keypoints import LEG, MIN_VISIBILITY, KeypointSeries, Side
from kneecap.domain.gait.metrics import GaitMetrics
from kneecap.domain.gait.view import swing_share, view_of_yaw, width_share, yaw_of

MIN_CONFIDENT_SHARE = 0.8  # of frames, hips to toes of both legs seen confidently
MIN_PLACED_SHARE = 0.9  # contacts placed / expected
MIN_VIEW_CERTAINTY = 0.75  # see view_certainty
# Contacts timed less precisely than a published BlazePose phone-video system's mean error
# against Vicon (Young et al. 2023, Sensors 23:696: 10-14 ms) carry no cue (rear view, where
# the clip measures its own precision: events_rear.RearContacts). That estimate reads low
# (about half the measured spread under a shaking camera on the mocap bench), so only a clip
# far off is caught here; contacts missed or doubled are flagged and gated on their own.
MAX_CONTACT_SPREAD_MS = 14.0
# Fewest placed (unflagged) steps of one side a per-side figure must rest on.
MIN_STEPS_PER_SIDE = 4
# Low-confidence frames closer than this are one stretch; at most this many are listed (the
# share above says how much in all).
STRETCH_JOIN_S = 0.1
MAX_STRETCHES = 20


@dataclass(frozen=True)
class Stretch:
    """Frames first..last (inclusive) whose leg keypoints were not confidently seen."""

    first: int
    last: int
    fps: float

    def to_dict(self) -> dict[str, object]:
        return {
            "start_s": round(self.first / self.fps, 3),
            "end_s": round((self.last + 1) / self.fps, 3),
            "first_frame": self.first,
            "frames": self.last - self.first + 1,
        }


@dataclass(frozen=True)
class Quality:
    confident_pose_share: float
    contacts_placed: int
    contacts_expected: int
    gaps: int
    doubled: int
    swaps_repaired: int
    view_certainty: float
    reasons: list[str] = field(default_factory=list)
    low_confidence: list[Stretch] = field(default_factory=list)
    # Rear view: the tilt the frontal figures were levelled by (None: not levelled), or why
    # the ground's level could not be found (level.py: then no cue is drafted from them).
    ground_tilt_deg: float | None = None
    level_problem: str | None = None

    @property
    def drafts_cues(self) -> bool:
        return not self.reasons

    def to_dict(self) -> dict[str, object]:
        return {
            "confident_pose_share": round(self.confident_pose_share, 3),
            "contacts_placed": self.contacts_placed,
            "contacts_expected": self.contacts_expected,
            "gaps": self.gaps,
            "doubled": self.doubled,
            "swaps_repaired": self.swaps_repaired,
            "view_certainty": round(self.view_certainty, 3),
            "cues_drafted": self.drafts_cues,
            "reasons": list(self.reasons),
            "low_confidence": [st.to_dict() for st in self.low_confidence[:MAX_STRETCHES]],
            "low_confidence_stretches": len(self.low_confidence),
            "ground_tilt_deg": (
                None if self.ground_tilt_deg is None else round(self.ground_tilt_deg, 2)
            ),
            "level_problem": self.level_problem,
        }


def confident_frames(raw: KeypointSeries) -> npt.NDArray[np.bool_]:
    """Per frame: hips to toes of both legs seen confidently (the annotated video marks the
    other frames)."""
    idx = [getattr(LEG[s], j) for s in Side for j in ("hip", "knee", "ankle", "heel", "toe")]
    vis = raw.xyv[:, idx, 2]
    ok: npt.NDArray[np.bool_] = np.isfinite(raw.xyv[:, idx, 0]).all(axis=1) & (
        vis >= MIN_VISIBILITY
    ).all(axis=1)
    return ok


def confident_share(raw: KeypointSeries) -> float:
    ok = confident_frames(raw)
    return float(ok.mean()) if len(ok) else 0.0


def low_confidence_stretches(raw: KeypointSeries) -> list[Stretch]:
    """The runs of frames without a confident pose, those less than STRETCH_JOIN_S apart
    joined."""
    low = np.flatnonzero(~confident_frames(raw))
    join = max(1, round(STRETCH_JOIN_S * raw.fps))
    out: list[Stretch] = []
    for f in low.tolist():
        if out and f - out[-1].last <= join:
            out[-1] = Stretch(out[-1].first, f, raw.fps)
        else:
            out.append(Stretch(f, f, raw.fps))
    return out


def view_certainty(m: GaitMetrics) -> float:
    """Share of frames whose own shoulder width (with the clip's leg swing) gives the clip's
    view (view.py's camera angle; 1: every frame agrees; low: the camera sits near a class
    boundary, or the view given does not match the footage)."""
    kp = m.smoothed
    width = width_share(kp)
    ok = np.isfinite(width)
    if not ok.any():
        return 0.0
    yaws = yaw_of(width[ok], swing_share(kp))
    return float(np.mean([view_of_yaw(float(y)) is m.view for y in yaws]))


def assess(m: GaitMetrics, raw: KeypointSeries) -> Quality:
    share = confident_share(raw)
    placed = sum(1 for s in m.steps if s.flag != "doubled")
    missing = sum(g.missing for g in m.gaps)
    expected = placed + missing
    doubled = sum(1 for s in m.steps if s.flag == "doubled")
    certainty = view_certainty(m)
    reasons = []
    if share < MIN_CONFIDENT_SHARE:
        reasons.append(
            f"The pose was confident in only {100 * share:.0f}% of frames "
            f"(at least {100 * MIN_CONFIDENT_SHARE:.0f}% needed)."
        )
    if expected and placed / expected < MIN_PLACED_SHARE:
        reasons.append(
            f"Only {placed} of about {expected} contacts could be placed "
            f"(at least {100 * MIN_PLACED_SHARE:.0f}% needed)."
        )
    if doubled:
        reasons.append(f"{doubled} contact(s) looked doubled.")
    spread = m.contact_spread_ms
    if spread is not None and spread > MAX_CONTACT_SPREAD_MS:
        reasons.append(
            f"Contacts could be timed only to about +-{spread:.0f} ms (the picture moved with "
            f"the camera?); at most {MAX_CONTACT_SPREAD_MS:.0f} ms is needed."
        )
    if certainty < MIN_VIEW_CERTAINTY:
        reasons.append(
            "The camera angle was not clearly side-on, oblique or from behind; re-film square "
            "to the runner."
        )
    return Quality(
        share,
        placed,
        expected,
        len(m.gaps),
        doubled,
        m.swaps_repaired,
        certainty,
        reasons,
        low_confidence_stretches(raw),
        None if m.ground is None or not m.ground.applied else m.ground.tilt_deg,
        None if m.ground is None else m.ground.problem,
    )
