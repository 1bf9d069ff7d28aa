"""Clinical demo data for the demo clinic, one story per client:

- Maya (client1): her own portal intake (classic patellofemoral picture); the LMT's examination,
  signed and handed to the chiropractor, who has not answered yet.
- Priya (client3): 17-year-old whose intake screen has painful, limited hip internal rotation:
  the adolescent hip (SCFE) red flag shows on the LMT's draft examination.
- Tom (client4): twisting injury on a descent; positive McMurray and Thessaly with swelling fire
  the ligament / meniscus referral suggestion on the chiropractor's signed examination.
"""

from __future__ import annotations

from datetime import timedelta

from kneecap.demo.clinic import DemoSeed
from kneecap.domain.clinical.findings import Finding, record_finding
from kneecap.domain.clinical.intake import (
    Intake,
    Mechanism,
    Onset,
    SportVolume,
    TrainingChange,
    TrainingChangeKind,
)
from kneecap.domain.clinical.notes import NoteContent
from kneecap.domain.clinical.side import Laterality, Side
from kneecap.domain.clinical.symptoms import Provocation, RedFlagScreen, SymptomProfile
from kneecap.ports.security import Clock
from kneecap.services.accounts import AccountService, actor_for
from kneecap.services.assessments import AssessmentService, IntakeAnswers
from kneecap.services.caller import Caller

CLEAR = RedFlagScreen(False, False, False, False, False, False, False, False)
R, L = Side.RIGHT, Side.LEFT


def _intake(side: Laterality, onset: Onset, mechanism: Mechanism, **kw: object) -> Intake:
    # Age and days since onset are replaced by the service from the dates.
    return Intake(0, side, onset, mechanism, 0, **kw)  # type: ignore[arg-type]


class ClinicalDemo:
    """The demo extension, bound to one container's services."""

    def __init__(
        self, accounts: AccountService, assessments: AssessmentService, clock: Clock
    ) -> None:
        self._accounts = accounts
        self._assessments = assessments
        self._clock = clock

    def _caller(self, email: str) -> Caller:
        user = self._accounts.user_by_email(email)
        assert user is not None, email
        return Caller(actor_for(user), "demo")

    def __call__(self, seed: DemoSeed, chiro: Caller) -> None:
        by_email = {c.details.email: c for c in seed.clients}
        today = self._clock.now().date()
        lmt = self._caller("lmt@demo.test")
        a = self._assessments

        maya = by_email["client1@demo.test"]
        a.record_intake(
            self._caller("client1@demo.test"),
            maya.id,
            IntakeAnswers(
                _intake(
                    Laterality.RIGHT,
                    Onset.GRADUAL,
                    Mechanism.OVERUSE,
                    sports=(SportVolume("running", 4.0, 35.0),),
                    recent_changes=(TrainingChange(TrainingChangeKind.MORE_DISTANCE, 5),),
                    goals=("Spring half marathon without knee pain",),
                ),
                SymptomProfile(
                    side=Laterality.RIGHT,
                    regions=frozenset({"peripatellar", "retropatellar"}),
                    provocations=frozenset(
                        {
                            Provocation.STAIRS_DOWN,
                            Provocation.SQUATTING,
                            Provocation.PROLONGED_SITTING,
                            Provocation.RUNNING,
                        }
                    ),
                    usual_pain=3,
                    worst_pain=6,
                    crepitus=True,
                    red_flags=CLEAR,
                ),
                onset_date=today - timedelta(days=35),
            ),
        )
        exam = a.start(lmt, maya.id)
        assert exam.id is not None
        findings = (
            record_finding("squat_pain", True, R),
            record_finding("squat_pain", False, L),
            record_finding("resisted_quadriceps_pain", True, R),
            record_finding("patellar_palpation_pain", True, R),
            record_finding("patellar_tilt", True, R),
            record_finding("step_down_quality", "poor", R),
            record_finding("step_down_quality", "good", L),
            record_finding("hip_abductor_strength", 142.0, R, body_mass_kg=61.0),
            record_finding("hip_abductor_strength", 181.0, L, body_mass_kg=61.0),
            record_finding("lachman", False, R),
            record_finding("mcmurray", False, R),
            record_finding("foot_posture_index", 4.0, R),
        )
        a.update_draft(
            lmt, maya.id, exam.id,
            NoteContent(
                subjective="Anterior right knee pain for 5 weeks since mileage went 20 -> 35 km.",
                objective="See findings. Right hip abduction weaker than left.",
                assessment="Findings consistent with a patellofemoral picture; for the "
                "chiropractor's review.",
                plan="Soft-tissue work to quadriceps and lateral thigh; hip strengthening.",
                findings=findings,
            ),
            other_causes_excluded=True,
        )  # fmt: skip
        a.sign(lmt, maya.id, exam.id)
        a.hand_off(
            lmt, maya.id, exam.id,
            "Cook cluster 3/3 and CPG criteria met on the right; hip abductors ~78% of the left. "
            "Please review for a diagnosis.",
        )  # fmt: skip

        priya = by_email["client3@demo.test"]
        a.record_intake(
            self._caller("client3@demo.test"),
            priya.id,
            IntakeAnswers(
                _intake(Laterality.RIGHT, Onset.GRADUAL, Mechanism.OVERUSE,
                        sports=(SportVolume("cross-country", 8.0, 40.0),)),
                SymptomProfile(
                    side=Laterality.RIGHT, regions=frozenset({"peripatellar", "suprapatellar"}),
                    provocations=frozenset({Provocation.RUNNING}), usual_pain=3, worst_pain=5,
                    red_flags=RedFlagScreen(False, False, False, False, False, False, True, False),
                ),
                onset_date=today - timedelta(days=21),
            ),
        )  # fmt: skip
        draft = a.start(lmt, priya.id)
        assert draft.id is not None
        a.update_draft(
            lmt, priya.id, draft.id,
            NoteContent(subjective="Knee and front-of-thigh ache after practice; hip stiff.",
                        findings=(record_finding("squat_pain", False, R),)),
            other_causes_excluded=None,
        )  # fmt: skip

        tom = by_email["client4@demo.test"]
        a.record_intake(
            chiro,
            tom.id,
            IntakeAnswers(
                _intake(Laterality.LEFT, Onset.TRAUMATIC, Mechanism.TWISTING,
                        sports=(SportVolume("trail running", 4.0, 25.0),)),
                SymptomProfile(
                    side=Laterality.LEFT, regions=frozenset({"medial_joint_line"}),
                    provocations=frozenset({Provocation.SQUATTING, Provocation.STAIRS_DOWN}),
                    usual_pain=4, worst_pain=7, swelling=True, swelling_onset_hours=10.0,
                    giving_way=True, red_flags=CLEAR,
                ),
                onset_date=today - timedelta(days=14),
            ),
        )  # fmt: skip
        exam = a.start(chiro, tom.id)
        assert exam.id is not None
        tom_findings: tuple[Finding, ...] = (
            record_finding("mcmurray", True, L),
            record_finding("thessaly", True, L),
            record_finding("joint_line_tenderness", True, L),
            record_finding("lachman", False, L),
            record_finding("valgus_stress", False, L),
            record_finding("knee_flexion_range", 115.0, L),
            record_finding("knee_flexion_range", 140.0, R),
            record_finding("squat_pain", True, L),
        )
        a.update_draft(
            chiro, tom.id, exam.id,
            NoteContent(
                subjective="Twisted the left knee on a descent 2 weeks ago; swelling by evening.",
                assessment="Meniscal signs on the left; refer for MRI / orthopaedic review.",
                findings=tom_findings,
            ),
            other_causes_excluded=False,
        )  # fmt: skip
        a.sign(chiro, tom.id, exam.id)
