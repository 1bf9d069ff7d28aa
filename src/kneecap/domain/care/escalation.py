"""Escalation: tell the chiropractor to consider referral (injection or surgical consult) when
conservative care has run its course without meaningful improvement, or a red flag appears.

Default: 6 weeks in care without an MCID improvement on AKPS or usual pain. Typical PFP
programmes run about 6 weeks (shared/CLINICAL.md); the clinic may change the policy. The alert
supports a decision; it never makes one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from kneecap.domain.access.roles import Role
from kneecap.domain.outcomes.change import Change, ChangeReading, ScoredOutcome, compare


class Trigger(StrEnum):
    RED_FLAG = "red_flag"
    NO_MEANINGFUL_IMPROVEMENT = "no_meaningful_improvement"


@dataclass(frozen=True, slots=True)
class EscalationPolicy:
    weeks_without_improvement: float = 6
    instruments: tuple[str, ...] = ("akps", "nprs_usual")


@dataclass(frozen=True, slots=True)
class EscalationAlert:
    trigger: Trigger
    recipient_role: Role
    message: str
    weeks_in_care: float
    changes: tuple[Change, ...]  # baseline, latest, change and MCID per instrument
    red_flags: tuple[str, ...]
    missing_instruments: tuple[str, ...]  # policy instruments without a baseline and follow-up


# How the alert names each measure to a clinician.
INSTRUMENT_LABELS = {
    "akps": "AKPS",
    "nprs_usual": "usual pain (NPRS)",
    "nprs_worst": "worst pain (NPRS)",
    "psfs": "PSFS",
    "koos_pf": "KOOS-PF",
}


def check_escalation(
    *,
    care_start: date,
    today: date,
    outcomes: Sequence[ScoredOutcome],
    red_flags: Sequence[str] = (),
    policy: EscalationPolicy = EscalationPolicy(),
) -> EscalationAlert | None:
    """Return an alert for the chiropractor, or None when care is on track or too young to judge.

    Only results on or before `today` count. Improvement beyond the MCID on any policy
    instrument means care is working and no alert is raised.
    """
    if today < care_start:
        raise ValueError(f"today ({today}) is before care started ({care_start}).")
    weeks = (today - care_start).days / 7
    changes: list[Change] = []
    missing: list[str] = []
    for instrument in policy.instruments:
        series = sorted((r for r in outcomes if r.instrument == instrument and r.on <= today),
                        key=lambda r: r.on)  # fmt: skip
        if len(series) < 2:
            missing.append(instrument)
            continue
        first, last = series[0], series[-1]
        changes.append(compare(instrument, first.score, last.score, baseline_on=first.on,
                               latest_on=last.on))  # fmt: skip
    if red_flags:
        return EscalationAlert(
            trigger=Trigger.RED_FLAG,
            recipient_role=Role.CHIROPRACTOR,
            message=f"Red flag recorded ({'; '.join(red_flags)}): review now and consider "
            "urgent referral.",
            weeks_in_care=weeks,
            changes=tuple(changes),
            red_flags=tuple(red_flags),
            missing_instruments=tuple(missing),
        )
    if weeks < policy.weeks_without_improvement:
        return None
    if any(c.reading is ChangeReading.IMPROVED for c in changes):
        return None
    summary = "; ".join(
        f"{INSTRUMENT_LABELS.get(c.instrument, c.instrument)} {c.baseline:g} → {c.latest:g} "
        f"(change {c.delta:+g}, MCID {c.mcid.value:g})"
        for c in changes
    )
    if not changes:
        summary = "no follow-up measures recorded"
    return EscalationAlert(
        trigger=Trigger.NO_MEANINGFUL_IMPROVEMENT,
        recipient_role=Role.CHIROPRACTOR,
        message=f"{weeks:.1f} weeks of conservative care without improvement beyond the MCID "
        f"({summary}). Consider referral for injection or surgical consult.",
        weeks_in_care=weeks,
        changes=tuple(changes),
        red_flags=(),
        missing_instruments=tuple(missing),
    )
