"""Escalation: tell the chiropractor when care is not going the way it should, in the order a
clinician would act on it. It supports a decision; it never makes one.

  1. A red flag: review now, consider urgent referral.
  2. Worse beyond the MCID at any point (e.g. AKPS -20 and usual pain +4 at week 3): review
     now, before the next session (no waiting for the end of the programme).
  3. From `weeks_without_improvement` weeks in care (default 6; typical PFP programmes run about
     6 weeks, CLINICAL.md; a clinic setting):
       * no follow-up measures: the measures are due. Missing data is never read as "no
         improvement", so no referral is named for it;
       * no improvement beyond the MCID: first a review of the diagnosis, adherence to the home
         programme (the figure is passed in) and dosing;
       * still none once a review has been recorded and the reviewed care has had the same time
         again, with a measure taken after the review: name referral (physician or orthopaedic
         consult for an injection or surgical opinion), with the evidence beside it.
Improvement beyond the MCID on any policy measure (for pain also ~30% less, Farrar 2001) means
care is working: no alert.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from kneecap.domain.access.roles import Role
from kneecap.domain.care.adherence import Adherence
from kneecap.domain.outcomes.change import Change, ChangeReading, ScoredOutcome, compare


class Trigger(StrEnum):
    RED_FLAG = "red_flag"
    WORSENING = "worsening"
    MEASURES_DUE = "measures_due"
    NO_MEANINGFUL_IMPROVEMENT = "no_meaningful_improvement"  # review first
    NO_IMPROVEMENT_AFTER_REVIEW = "no_improvement_after_review"  # referral named


@dataclass(frozen=True, slots=True)
class EscalationPolicy:
    weeks_without_improvement: float = 6
    instruments: tuple[str, ...] = ("akps", "nprs_usual")
    # Time the reviewed care gets before referral is named; by default the same programme length.
    weeks_after_review: float | None = None

    @property
    def review_weeks(self) -> float:
        if self.weeks_after_review is None:
            return self.weeks_without_improvement
        return self.weeks_after_review


@dataclass(frozen=True, slots=True)
class EvidenceNote:
    claim: str
    source: str


# Shown beside a referral suggestion: what is known about surgery for PFP.
REFERRAL_EVIDENCE = (
    EvidenceNote(
        "Arthroscopy added to an 8-week home exercise programme was no better than the exercise "
        "programme alone (Kujala score at 9 months; same at 5 years), and cost more.",
        "Kettunen JA et al. BMC Med 2007;5:38; 5-year follow-up Br J Sports Med 2012;46(4):243-246",
    ),
)


@dataclass(frozen=True, slots=True)
class EscalationAlert:
    trigger: Trigger
    recipient_role: Role
    message: str
    weeks_in_care: float
    changes: tuple[Change, ...]  # baseline, latest, change and MCID per instrument
    red_flags: tuple[str, ...]
    missing_instruments: tuple[str, ...]  # policy instruments without a baseline and follow-up
    review_points: tuple[str, ...] = ()  # what to check before anything else
    evidence: tuple[EvidenceNote, ...] = ()  # beside a referral suggestion
    adherence_ratio: float | None = None
    reviewed_on: date | None = None


# How the alert names each measure to a clinician.
INSTRUMENT_LABELS = {
    "akps": "AKPS",
    "nprs_usual": "usual pain (NPRS)",
    "nprs_worst": "worst pain (NPRS)",
    "psfs": "PSFS",
    "koos_pf": "KOOS-PF",
}
DUE_LABELS = {"akps": "AKPS", "nprs_usual": "pain", "nprs_worst": "worst pain"}


def _label(instrument: str) -> str:
    return INSTRUMENT_LABELS.get(instrument, instrument)


def _summary(changes: Sequence[Change]) -> str:
    return "; ".join(
        f"{_label(c.instrument)} {c.baseline:g} → {c.latest:g} "
        f"(change {c.delta:+g}, MCID {c.mcid.value:g})"
        for c in changes
    )


def _due(instruments: Sequence[str]) -> str:
    names = [DUE_LABELS.get(i, _label(i)) for i in instruments]
    joined = " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{joined} {'is' if len(names) == 1 else 'are'} due"


def _adherence_text(adherence: Adherence | None) -> str:
    if adherence is None or adherence.ratio is None:
        return "adherence to the home programme (not recorded: ask how often it is done)"
    return (
        f"adherence to the home programme ({adherence.ratio:.0%} of prescribed exercise sessions "
        f"done, {adherence.start:%d %b} to {adherence.end:%d %b})"
    )


def points_to_review(adherence: Adherence | None) -> tuple[str, ...]:
    return (
        "the diagnosis: does the picture still fit PFP, are other causes excluded",
        _adherence_text(adherence),
        "the dose: load, sets and progression of the exercise, and the running load",
    )


def check_escalation(
    *,
    care_start: date,
    today: date,
    outcomes: Sequence[ScoredOutcome],
    red_flags: Sequence[str] = (),
    policy: EscalationPolicy = EscalationPolicy(),
    adherence: Adherence | None = None,
    reviews: Sequence[date] = (),
) -> EscalationAlert | None:
    """Return an alert for the chiropractor, or None when care is on track or too young to judge.

    Only results and reviews on or before `today` count. `adherence` is the home-programme
    figure for a recent window (the service picks it); `reviews` are the days the chiropractor
    recorded a review of care after an earlier alert.
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

    def alert(
        trigger: Trigger,
        message: str,
        review_points: tuple[str, ...] = (),
        evidence: tuple[EvidenceNote, ...] = (),
        reviewed_on: date | None = None,
    ) -> EscalationAlert:
        return EscalationAlert(
            trigger, Role.CHIROPRACTOR, message, weeks, tuple(changes), tuple(red_flags),
            tuple(missing), review_points, evidence, adherence.ratio if adherence else None,
            reviewed_on,
        )  # fmt: skip

    if red_flags:
        return alert(Trigger.RED_FLAG, f"Red flag recorded ({'; '.join(red_flags)}): review now "
                     "and consider urgent referral.")  # fmt: skip
    worse = [c for c in changes if c.reading is ChangeReading.WORSE]
    if worse:
        return alert(Trigger.WORSENING, f"Worse beyond the MCID after {weeks:.1f} weeks "
                     f"({_summary(worse)}): review now, before the next session.",
                     review_points=points_to_review(adherence))  # fmt: skip
    if weeks < policy.weeks_without_improvement:
        return None
    if any(c.improved for c in changes):
        return None
    if not changes:
        return alert(
            Trigger.MEASURES_DUE,
            f"{weeks:.1f} weeks in care and no follow-up "
            f"measures recorded: {_due(missing)}. Measure before judging progress.",
        )
    done = sorted(r for r in reviews if care_start <= r <= today)
    gap = "" if not missing else f" ({_due(missing)})"
    if done:
        reviewed = done[-1]
        if today - reviewed < timedelta(weeks=policy.review_weeks):
            return None  # the reviewed care has not had its time yet
        measured_since = any(c.latest_on is not None and c.latest_on > reviewed for c in changes)
        if not measured_since:
            return alert(Trigger.MEASURES_DUE, f"Care was reviewed on {reviewed:%d %b %Y}; no "
                         f"measure since: {_due(policy.instruments)} to judge the reviewed care.",
                         reviewed_on=reviewed)  # fmt: skip
        return alert(
            Trigger.NO_IMPROVEMENT_AFTER_REVIEW,
            f"Care was reviewed on {reviewed:%d %b %Y} and there is still no improvement "
            f"beyond the MCID ({_summary(changes)}){gap}. Consider referral to a physician "
            "or an orthopaedic consult for an injection or a surgical opinion; the evidence "
            "on surgery is beside this alert.",
            evidence=REFERRAL_EVIDENCE, reviewed_on=reviewed,
        )  # fmt: skip
    return alert(
        Trigger.NO_MEANINGFUL_IMPROVEMENT,
        f"{weeks:.1f} weeks of conservative care without improvement beyond the MCID "
        f"({_summary(changes)}){gap}. Review before anything else: the diagnosis, "
        f"{_adherence_text(adherence)} and the dose.",
        review_points=points_to_review(adherence),
    )  # fmt: skip
