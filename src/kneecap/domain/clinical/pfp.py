"""Does the picture fit patellofemoral pain? Two sourced rules.

1. JOSPT 2019 clinical practice guideline (Willy RW et al., J Orthop Sports Phys Ther
   2019;49(9):CPG1-CPG95): ALL THREE of pain behind/around the patella; reproduced by squatting,
   stair climbing, prolonged sitting or another loaded bent-knee task; other causes of anterior
   knee pain excluded (including tibiofemoral problems).
2. Cook C et al. Physiother Can 2010;62(1):17-24 (PMC2841549): any 2 of 3 of pain on resisted
   quadriceps contraction, pain on squatting, pain on patellar palpation; LR+ 4.0. The cluster
   was studied in patients with anterior knee pain whose other diagnoses were worked up; it is
   not read while a red flag or a tibiofemoral / fracture sign points elsewhere, the same
   findings that keep CPG criterion 3 from being met.
"""

from __future__ import annotations

from dataclasses import dataclass

from kneecap.domain.clinical.rule_outcome import Criterion, RuleOutcome, Verdict, sort_criteria

CPG_RULE_ID = "pfp_cpg_2019"
CPG_TITLE = "Patellofemoral pain: JOSPT 2019 diagnostic criteria"
CPG_SOURCE = "Willy RW et al. J Orthop Sports Phys Ther 2019;49(9):CPG1-CPG95"

LOCATION = Criterion("pain_around_or_behind_patella", "Pain around or behind the patella")
LOADED_FLEXION = Criterion(
    "reproduced_by_loaded_flexion",
    "Pain reproduced by squatting, stairs, prolonged sitting or another loaded bent-knee task",
)
EXCLUDED = Criterion(
    "other_causes_excluded", "Other causes of anterior knee pain excluded (incl. tibiofemoral)"
)

COOK_RULE_ID = "pfp_cook_2010"
COOK_TITLE = "Patellofemoral pain cluster (any 2 of 3)"
COOK_SOURCE = "Cook C et al. Physiother Can 2010;62(1):17-24 (PMC2841549)"
COOK_POSITIVE_LR = 4.0  # LR+ for 2 of 3 positive
COOK_NEEDED = 2
RESISTED_QUADS = Criterion("resisted_quadriceps_pain", "Pain on resisted quadriceps contraction")
SQUAT = Criterion("squat_pain", "Pain on squatting")
PALPATION = Criterion("patellar_palpation_pain", "Pain on patellar palpation")
COOK_CRITERIA = (RESISTED_QUADS, SQUAT, PALPATION)


@dataclass(frozen=True)
class PfpInput:
    pain_around_or_behind_patella: bool | None
    reproduced_by_loaded_flexion: bool | None
    # The clinician's judgement; `alternatives` are recorded signs that argue against it.
    other_causes_excluded: bool | None
    alternatives: tuple[str, ...] = ()


def evaluate_cpg(i: PfpInput) -> RuleOutcome:
    excluded = i.other_causes_excluded
    if i.alternatives:
        excluded = False  # positive tibiofemoral signs or red flags mean not excluded yet
    states = {
        LOCATION.id: i.pain_around_or_behind_patella,
        LOADED_FLEXION.id: i.reproduced_by_loaded_flexion,
        EXCLUDED.id: excluded,
    }
    fired, not_fired, unknown = sort_criteria((LOCATION, LOADED_FLEXION, EXCLUDED), states)
    if not_fired:
        verdict = Verdict.NOT_MET
        why = "Not met: " + "; ".join(c.text for c in not_fired)
        if i.alternatives:
            why += ". Findings pointing elsewhere: " + "; ".join(i.alternatives)
    elif unknown:
        verdict = Verdict.INCOMPLETE
        why = "Still to assess: " + "; ".join(c.text for c in unknown)
    else:
        verdict, why = Verdict.MET, "All three criteria met: the picture fits patellofemoral pain."
    return RuleOutcome(
        CPG_RULE_ID, CPG_TITLE, CPG_SOURCE, verdict, fired, not_fired, unknown, (), why
    )


@dataclass(frozen=True)
class CookInput:
    resisted_quadriceps_pain: bool | None
    squat_pain: bool | None
    patellar_palpation_pain: bool | None
    # Fired criteria of rules pointing elsewhere (red flags, fracture, ligament/meniscus signs).
    alternatives: tuple[str, ...] = ()


def evaluate_cook(i: CookInput) -> RuleOutcome:
    if i.alternatives:
        excl = tuple(Criterion(f"points_elsewhere_{n}", t) for n, t in enumerate(i.alternatives))
        why = "Cluster not applied while findings point elsewhere first: " + "; ".join(
            i.alternatives
        )
        return RuleOutcome(
            COOK_RULE_ID, COOK_TITLE, COOK_SOURCE, Verdict.NOT_APPLICABLE, exclusions=excl,
            explanation=why,
        )  # fmt: skip
    states = {
        RESISTED_QUADS.id: i.resisted_quadriceps_pain,
        SQUAT.id: i.squat_pain,
        PALPATION.id: i.patellar_palpation_pain,
    }
    fired, not_fired, unknown = sort_criteria(COOK_CRITERIA, states)
    if len(fired) >= COOK_NEEDED:
        verdict = Verdict.MET
        why = f"{len(fired)} of 3 positive (LR+ {COOK_POSITIVE_LR:g} for PFP)."
    elif len(fired) + len(unknown) >= COOK_NEEDED:
        verdict = Verdict.INCOMPLETE
        why = f"{len(fired)} of 3 positive so far; record: " + "; ".join(c.text for c in unknown)
    else:
        verdict, why = Verdict.NOT_MET, f"{len(fired)} of 3 positive; the cluster needs 2."
    return RuleOutcome(
        COOK_RULE_ID, COOK_TITLE, COOK_SOURCE, verdict, fired, not_fired, unknown, (), why
    )
