"""Demo care data: Maya (client1) improves beyond the MCID; Daniel (client2) has 7 weeks of care
with AKPS 62 -> 65 and unchanged pain, so the chiropractor's escalation alert fires."""

from __future__ import annotations

from datetime import date, timedelta

from kneecap.bootstrap import CareServices
from kneecap.demo.clinic import DemoExtension, DemoSeed
from kneecap.domain.access.roles import Actor, Role
from kneecap.domain.care.modalities import Modality, ModalityPrescription
from kneecap.domain.care.plan import Goal, PlanContent, PlannedVisit
from kneecap.domain.care.prescriptions import ExercisePrescription
from kneecap.domain.clients.record import ClientRecord
from kneecap.domain.outcomes.instruments import load_questionnaire
from kneecap.services.caller import Caller


def akps_answers_for(total: int) -> list[int]:
    """Option indexes (published order) whose AKPS points sum to `total` (small DP)."""
    items = load_questionnaire("akps").items
    reach: list[dict[int, list[int]]] = [{0: []}]
    for item in items:
        step: dict[int, list[int]] = {}
        for subtotal, picks in reach[-1].items():
            for index, points in enumerate(item.points):
                step.setdefault(subtotal + points, [*picks, index])
        reach.append(step)
    if total not in reach[-1]:
        raise ValueError(f"No AKPS answer set sums to {total}.")
    return reach[-1][total]


PROGRAMME = (
    ExercisePrescription("clamshell_band", 3, 12, load_note="light band", days_per_week=3),
    ExercisePrescription("side_lying_hip_abduction", 3, 10, days_per_week=3),
    ExercisePrescription("wall_squat_0_45", 3, 10, days_per_week=3),
    ExercisePrescription("step_up", 3, 10, load_note="20 cm step", days_per_week=3),
    ExercisePrescription("quadriceps_stretch", 3, 0, hold_seconds=30, days_per_week=5),
)


def _content(start: date, orthotics: bool) -> PlanContent:
    m = [
        ModalityPrescription(Modality.STRENGTHENING, "knee", 1, 3, 6),
        ModalityPrescription(Modality.MASSAGE, "thigh", 45, 1, 6),
        ModalityPrescription(Modality.ICE_HEAT, "knee", 15, 7, 2, notes="ice after runs"),
        ModalityPrescription(Modality.KINESIOLOGY_TAPING, "patellofemoral", 3, 2, 3),
        ModalityPrescription(Modality.RELATIVE_REST, "running", 50, 7, 3),
    ]
    if orthotics:
        m.append(ModalityPrescription(Modality.ORTHOTICS, "ankle_foot", 8, 7, 12))
    visits = tuple(
        PlannedVisit(
            start + timedelta(weeks=w),
            Role.CHIROPRACTOR if w % 3 == 0 else Role.LMT,
            "review" if w % 3 == 0 else "massage",
        )
        for w in range(0, 7)
    )
    goals = (
        Goal("Run 10 km without knee pain above 2/10", "akps", 85, start + timedelta(weeks=8)),
        Goal("Stairs and sitting without pain"),
    )
    return PlanContent(goals, tuple(m), visits)


def _seed_client(
    care: CareServices,
    chiro: Caller,
    record: ClientRecord,
    today: date,
    weeks: int,
    akps: tuple[int, int],
    pain: tuple[int, int],
    session_pain: tuple[int, int],
    orthotics: bool,
) -> None:
    start = today - timedelta(weeks=weeks)
    plan = care.plans.create(chiro, record.id, start, _content(start, orthotics))
    care.plans.sign(chiro, record.id, plan.id)
    care.programme.prescribe(
        chiro, record.id, plan.id, start, start + timedelta(weeks=10), PROGRAMME
    )
    me = Caller(
        Actor(
            None,
            record.clinic_id,
            Role.CLIENT,
            record.details.email or "client",
            client_id=record.id,
        ),
        "demo",
    )
    sessions = [start + timedelta(days=d) for d in range(0, weeks * 7) if d % 7 in (0, 2, 4)]
    for n, day in enumerate(sessions):
        share = n / max(len(sessions) - 1, 1)
        level = round(session_pain[0] + (session_pain[1] - session_pain[0]) * share)
        care.programme.log_session(me, record.id, day, None, level, level, "")
    follow_up = start + timedelta(weeks=weeks - 1)
    for on, score, usual in ((start, akps[0], pain[0]), (follow_up, akps[1], pain[1])):
        care.outcomes.record(me, record.id, "akps", {"answers": akps_answers_for(score)}, on)
        care.outcomes.record(me, record.id, "nprs", {"usual": usual, "worst": usual + 2}, on)


def care_demo(care: CareServices) -> DemoExtension:
    """The demo extension for these care services (bootstrap passes it to the demo seeder)."""

    def seed_care(seed: DemoSeed, chiro: Caller) -> None:
        if len(seed.clients) < 2:
            return
        today = care.plans.today()
        maya, daniel = seed.clients[0], seed.clients[1]
        _seed_client(care, chiro, maya, today, 6, (64, 82), (5, 2), (4, 1), orthotics=False)
        _seed_client(care, chiro, daniel, today, 7, (62, 65), (5, 5), (4, 4), orthotics=True)

    return seed_care
