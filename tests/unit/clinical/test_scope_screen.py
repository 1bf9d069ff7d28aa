"""The scope screen flags text that names a diagnosis, and leaves ordinary messages alone."""

import pytest

from kneecap.domain.clinical.icd10 import CODE_FAMILIES
from kneecap.domain.clinical.scope_screen import (
    SYMPTOM_FAMILIES,
    TITLE_TERMS,
    ConditionTerm,
    MatchKind,
    screen,
)


def test_the_reproduced_leak_is_flagged_three_ways() -> None:
    found = screen("DIAGNOSIS: M22.2X1 patellofemoral pain syndrome right knee")
    assert found.flagged
    kinds = {m.kind for m in found.matches}
    assert kinds == {MatchKind.DIAGNOSIS_WORD, MatchKind.CODE, MatchKind.CONDITION}
    code = next(m for m in found.matches if m.kind is MatchKind.CODE)
    assert (code.matched, code.start, code.end) == ("M22.2X1", 11, 18)
    assert "Patellofemoral disorders" in code.reason


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("You have runner's knee.", MatchKind.CONDITION),
        ("Classic runner’s knee (curly apostrophe)", MatchKind.CONDITION),
        ("sounds like runners knee to me", MatchKind.CONDITION),
        ("PFPS, right side", MatchKind.CONDITION),
        ("P.F.P.S. again", MatchKind.CONDITION),
        ("this is PFP", MatchKind.CONDITION),
        ("patello-femoral pain", MatchKind.CONDITION),
        ("early chondromalacia", MatchKind.CONDITION),
        ("Chondromalacia patellae of the left knee", MatchKind.TITLE),
        ("code m222x1 for billing", MatchKind.CODE),
        ("S83.91XA", MatchKind.CODE),
        ("M25.561", MatchKind.CODE),  # even a symptom code is coding
        ("M23.21 suspected", MatchKind.CODE_SHAPE),  # shaped like ICD-10-CM, not in the list
        ("looks like ITBS", MatchKind.CONDITION),
        ("IT band syndrome", MatchKind.CONDITION),
        ("Iliotibial band syndrome", MatchKind.TITLE),
        ("I think you have torn your meniscus", MatchKind.CONDITION),
        ("an ACL tear", MatchKind.CONDITION),
        ("patellar tendinopathy", MatchKind.CONDITION),
        ("jumper's knee", MatchKind.CONDITION),
        ("internal derangement", MatchKind.TITLE),
        ("you sprained your knee", MatchKind.CONDITION),
        ("early osteoarthritis", MatchKind.CONDITION),
        ("you were diagnosed last year", MatchKind.DIAGNOSIS_WORD),
        ("my diagnosis is", MatchKind.DIAGNOSIS_WORD),
    ],
)
def test_diagnoses_are_flagged(text: str, kind: MatchKind) -> None:
    found = screen(text)
    assert found.flagged, text
    assert kind in {m.kind for m in found.matches}, found.matches


@pytest.mark.parametrize(
    "text",
    [
        "Great run today! Keep the cadence up and ice your knee after.",
        "Foam roll your IT band and stretch the quads.",
        "Your patellar tendon felt less tender today; the kneecap tracks better with the tape.",
        "Knee pain 3/10 during the run is fine; stop if it goes above 5.",
        "See you Thursday at 5.30, bring your running shoes (size 10.5).",
        "I ran 10.2 km in 55:30 on Sunday, app v12.3 says my cadence was 172.",
        "Runners often feel this after hills; walk the steep bits this week.",
        "Hip strength: clamshells, bridges and side planks, 3 x 12.",
        "Don't tear the tape off quickly; peel it slowly after a shower.",
        "Your quads and hamstrings are tight on the left.",
        "The chiropractor will see you next week for a review.",
        "Pain in the knee going down stairs is less than last week.",
        "Jumping lunges are off the plan for now.",
    ],
)
def test_ordinary_messages_pass(text: str) -> None:
    found = screen(text)
    assert not found.flagged, found.matches


def test_reasons_are_said_once_and_positions_point_into_the_text() -> None:
    text = "PFPS? Probably PFPS."
    found = screen(text)
    assert len(found.matches) == 2 and found.reasons == ("names a condition: PFP / PFPS",)
    for m in found.matches:
        assert text[m.start : m.end] == m.matched


def test_every_non_symptom_icd10_condition_has_a_screening_phrase() -> None:
    families = {f.id for f in CODE_FAMILIES}
    assert set(TITLE_TERMS) == families - SYMPTOM_FAMILIES


def test_a_clinic_adds_its_own_condition_names_as_data() -> None:
    mine = (ConditionTerm("shin_splints", "shin splints", r"\bshin\s+splints?\b"),)
    assert screen("classic shin splints", mine).flagged
    assert not screen("classic shin splints").flagged  # not in the default list
