"""Ligament or meniscal signs that call for a physician / MRI referral suggestion.

Source: CLINICAL.md 'Imaging and referral rules' (clinic consensus): positive Lachman, drawer,
stress tests, McMurray, Thessaly, locking, or traumatic onset with swelling. Joint-line
tenderness alone is left out on purpose: that list does not name it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kneecap.domain.clinical.rule_outcome import Criterion, RuleOutcome, Verdict

RULE_ID = "ligament_meniscus_referral"
TITLE = "Ligament or meniscal signs: physician / MRI referral"
SOURCE = "Kneecap CLINICAL.md imaging and referral rules (clinic consensus)"

# Catalogue test ids whose positive result triggers the suggestion.
TRIGGER_TESTS: dict[str, str] = {
    "lachman": "Positive Lachman test",
    "anterior_drawer": "Positive anterior drawer",
    "posterior_drawer": "Positive posterior drawer",
    "valgus_stress": "Positive valgus stress test",
    "varus_stress": "Positive varus stress test",
    "mcmurray": "Positive McMurray test",
    "thessaly": "Positive Thessaly test",
}
LOCKING = Criterion("locking", "Locking of the knee")
TRAUMA_SWELLING = Criterion("traumatic_onset_with_swelling", "Traumatic onset with swelling")


@dataclass(frozen=True)
class ReferralInput:
    positive_tests: frozenset[str]  # catalogue ids with a positive result on the symptomatic knee
    locking: bool
    traumatic_onset: bool
    swelling: bool


def evaluate(i: ReferralInput) -> RuleOutcome:
    tests = tuple(Criterion(t, text) for t, text in TRIGGER_TESTS.items())
    fired_tests = tuple(c for c in tests if c.id in i.positive_tests)
    others = ((LOCKING, i.locking), (TRAUMA_SWELLING, i.traumatic_onset and i.swelling))
    fired = fired_tests + tuple(c for c, present in others if present)
    not_fired = tuple(c for c in tests if c not in fired_tests) + tuple(
        c for c, present in others if not present
    )
    if fired:
        why = "Suggest physician review / MRI: " + "; ".join(c.text for c in fired)
        return RuleOutcome(RULE_ID, TITLE, SOURCE, Verdict.MET, fired, not_fired, (), (), why)
    return RuleOutcome(
        RULE_ID,
        TITLE,
        SOURCE,
        Verdict.NOT_MET,
        (),
        not_fired,
        (),
        (),
        "No ligament or meniscal sign recorded.",
    )
