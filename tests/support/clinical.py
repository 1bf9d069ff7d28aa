"""Clinical test data: an intake and an LMT's examination recorded through the services."""

from __future__ import annotations

from kneecap.bootstrap import Container
from kneecap.domain.clinical.findings import record_finding
from kneecap.domain.clinical.intake import Intake, Mechanism, Onset
from kneecap.domain.clinical.notes import NoteContent
from kneecap.domain.clinical.records import Assessment
from kneecap.domain.clinical.side import Laterality, Side
from kneecap.domain.clinical.symptoms import Provocation, RedFlagScreen, SymptomProfile
from kneecap.services.assessments import IntakeAnswers
from kneecap.services.caller import Caller

CLEAR = RedFlagScreen(False, False, False, False, False, False, False, False)


def pfp_intake() -> IntakeAnswers:
    return IntakeAnswers(
        Intake(30, Laterality.RIGHT, Onset.GRADUAL, Mechanism.OVERUSE, 30),
        SymptomProfile(
            side=Laterality.RIGHT,
            regions=frozenset({"peripatellar"}),
            provocations=frozenset({Provocation.STAIRS_DOWN}),
            usual_pain=3,
            worst_pain=6,
            red_flags=CLEAR,
        ),
    )


def pfp_findings() -> NoteContent:
    return NoteContent(
        subjective="Anterior knee pain on stairs.",
        assessment="Patellofemoral picture.",
        findings=(
            record_finding("squat_pain", True, Side.RIGHT),
            record_finding("patellar_palpation_pain", True, Side.RIGHT),
            record_finding("hip_abductor_strength", 150.0, Side.RIGHT, body_mass_kg=60.0),
            record_finding("hip_abductor_strength", 200.0, Side.LEFT, body_mass_kg=60.0),
        ),
    )


def examined(c: Container, author: Caller, client_id: int, signed: bool = True) -> Assessment:
    """An intake and an examination of the right knee by `author`, signed unless told not."""
    c.assessments.record_intake(author, client_id, pfp_intake())
    a = c.assessments.start(author, client_id)
    assert a.id is not None
    a = c.assessments.update_draft(author, client_id, a.id, pfp_findings(), True)
    assert a.id is not None
    return c.assessments.sign(author, client_id, a.id) if signed else a
