"""Test data, made through the services so it passes the same rules as real data, on the real
container or on the fakes (tests.fakes.house) alike.

- the cast: two clinics, one user of each role and two clients each (`make_world`);
- clinical: a runner's patellofemoral intake and examination (`examined`);
- care: a signed plan with a five-exercise home programme (`signed_plan_with_programme`) and
  the same plan and exercises as API request bodies;
- training load: activities (`run`) and the real watch files in ../shared/data;
- jobs: kinds that count, fail as expected, or crash (`TEST_JOBS`).

A new area adds its section here, with names that say what the data is.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from kneecap.bootstrap import CareServices
from kneecap.domain.access.roles import Role
from kneecap.domain.accounts.entities import User
from kneecap.domain.care.modalities import Modality, ModalityPrescription
from kneecap.domain.care.plan import CarePlan, Goal, PlanContent
from kneecap.domain.care.prescriptions import ExercisePrescription
from kneecap.domain.clients.record import ClientDetails, ClientRecord
from kneecap.domain.clinical.findings import record_finding
from kneecap.domain.clinical.intake import Intake, Mechanism, Onset
from kneecap.domain.clinical.notes import NoteContent
from kneecap.domain.clinical.records import Assessment
from kneecap.domain.clinical.side import Laterality, Side
from kneecap.domain.clinical.symptoms import Provocation, RedFlagScreen, SymptomProfile
from kneecap.domain.jobs import Job, JobFailed
from kneecap.domain.load.activity import Activity, Sport
from kneecap.services.accounts import AccountService, actor_for
from kneecap.services.assessments import AssessmentService, IntakeAnswers
from kneecap.services.caller import Caller
from kneecap.services.clients import ClientService
from kneecap.services.jobs import Handler, Progress


class Services(Protocol):
    """What the factories use: kneecap.bootstrap.Container and FakeHouse both have it."""

    @property
    def accounts(self) -> AccountService: ...
    @property
    def clients(self) -> ClientService: ...
    @property
    def assessments(self) -> AssessmentService: ...
    @property
    def care(self) -> CareServices: ...


# --- the cast ---------------------------------------------------------------------------

PASSWORD = "correct horse battery staple"
ADDRESS = "203.0.113.7"  # TEST-NET-3: where the cast's requests come from in the audit log


@dataclass
class ClinicCast:
    clinic_id: int
    users: dict[str, User] = field(
        default_factory=dict
    )  # "admin", "lmt", "chiropractor", "client1"…
    clients: list[ClientRecord] = field(default_factory=list)

    def caller(self, key: str) -> Caller:
        return Caller(actor_for(self.users[key]), ADDRESS)


@dataclass
class World:
    a: ClinicCast
    b: ClinicCast


def _clinic(c: Services, name: str, tag: str) -> ClinicCast:
    clinic = c.accounts.create_clinic(name)
    cast = ClinicCast(clinic.id)
    for role in (Role.ADMIN, Role.LMT, Role.CHIROPRACTOR):
        user, _ = c.accounts.add_user(
            clinic.id, f"{role.value}@{tag}.test", f"{role.label} {tag.upper()}", role, PASSWORD
        )
        cast.users[role.value] = user
    chiro = cast.caller("chiropractor")
    for i in (1, 2):
        record = c.clients.create(
            chiro,
            ClientDetails(
                name=f"Runner {tag.upper()}{i}",
                email=f"client{i}@{tag}.test",
                sports=("running",),
                weekly_running_km=20.0 + i,
            ),
        )
        user, _ = c.accounts.add_user(
            clinic.id,
            f"client{i}@{tag}.test",
            record.name,
            Role.CLIENT,
            PASSWORD,
            client_id=record.id,
        )
        cast.users[f"client{i}"] = user
        cast.clients.append(c.clients.get(chiro, record.id))
    return cast


def make_world(c: Services) -> World:
    """Alpha Clinic (`a`) and Beta Clinic (`b`): admin@alpha.test, lmt@…, chiropractor@…,
    client1@… and client2@… (records "Runner ALPHA1", "Runner ALPHA2"), all with PASSWORD."""
    return World(_clinic(c, "Alpha Clinic", "alpha"), _clinic(c, "Beta Clinic", "beta"))


# --- clinical ---------------------------------------------------------------------------

CLEAR = RedFlagScreen(False, False, False, False, False, False, False, False)


def pfp_intake() -> IntakeAnswers:
    """A 30-year-old runner, right knee, gradual overuse onset, pain on stairs down."""
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


def examined(c: Services, author: Caller, client_id: int, signed: bool = True) -> Assessment:
    """An intake and an examination of the right knee by `author`, signed unless told not."""
    c.assessments.record_intake(author, client_id, pfp_intake())
    a = c.assessments.start(author, client_id)
    assert a.id is not None
    a = c.assessments.update_draft(author, client_id, a.id, pfp_findings(), True)
    assert a.id is not None
    return c.assessments.sign(author, client_id, a.id) if signed else a


# --- care -------------------------------------------------------------------------------

CARE_START = date(2026, 2, 16)  # two weeks before the FixedClock's 2026-03-02

PLAN_CONTENT = PlanContent(
    goals=(Goal("Run 10 km without pain"),),
    modalities=(
        ModalityPrescription(Modality.STRENGTHENING, "knee", 1, 3, 6),
        ModalityPrescription(Modality.MASSAGE, "thigh", 45, 1, 6),
        ModalityPrescription(Modality.ICE_HEAT, "knee", 15, 7, 2),
        ModalityPrescription(Modality.KINESIOLOGY_TAPING, "patellofemoral", 3, 2, 3),
        ModalityPrescription(Modality.CHIROPRACTIC_ADJUSTMENT, "pelvis", None, 1, 4),
    ),
)
EXERCISES = (
    ExercisePrescription("clamshell_band", 3, 12, load_note="light band"),
    ExercisePrescription("side_lying_hip_abduction", 3, 10),
    ExercisePrescription("wall_squat_0_45", 3, 10),
    ExercisePrescription("step_up", 3, 10, load_kg=5),
    ExercisePrescription("quadriceps_stretch", 3, 0, hold_seconds=30, days_per_week=5),
)

# The same plan and exercises as the care API takes them.
PLAN: dict[str, Any] = {
    "start": CARE_START.isoformat(),
    "goals": [{"description": g.description} for g in PLAN_CONTENT.goals],
    "modalities": [{**asdict(m), "modality": m.modality.value} for m in PLAN_CONTENT.modalities],
}
EXERCISES_JSON = [asdict(x) for x in EXERCISES]


def signed_plan_with_programme(c: Services, world: World, client_index: int = 0) -> CarePlan:
    """As clinic A's chiropractor: the five-modality plan from CARE_START, signed, and the
    five-exercise programme for six weeks."""
    chiro = world.a.caller("chiropractor")
    cid = world.a.clients[client_index].id
    plan = c.care.plans.create(chiro, cid, CARE_START, PLAN_CONTENT)
    signed = c.care.plans.sign(chiro, cid, plan.id)
    end = CARE_START + timedelta(weeks=6)
    c.care.programme.prescribe(chiro, cid, plan.id, CARE_START, end, EXERCISES)
    return signed


# --- training load ----------------------------------------------------------------------

GOOD_FIT = "run_fenix5_dynamics.fit"
SECOND_FIT = "run_fr70_compressed_speed_distance.fit"
DAMAGED_FIT = "corrupt_unexpected_eof.fit"  # truncated: the reader keeps what it can, with a note


def unreadable_fit(shared_data: Path) -> bytes:
    """The first bytes of a real FIT file: a header and nothing a reader can use."""
    return (shared_data / "activities" / GOOD_FIT).read_bytes()[:10]


def run(day: date, km: float, minutes: float, hour: int = 7, **more: Any) -> Activity:
    """A run on `day` (UTC, at `hour`), `km` long and `minutes` of elapsed time."""
    start = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
    return Activity(Sport.RUN, start, minutes * 60, distance_m=km * 1000, **more)


# --- jobs -------------------------------------------------------------------------------


def counting(job: Job, progress: Progress) -> dict[str, Any]:
    n = int(job.payload["n"])
    for i in range(n):
        progress((i + 1) / n, f"step {i + 1} of {n}")
    return {"counted": n}


def failing(job: Job, progress: Progress) -> dict[str, Any]:
    raise JobFailed("The file is not a video. Upload an MP4, MOV or WebM file.")


def crashing(job: Job, progress: Progress) -> dict[str, Any]:
    raise RuntimeError("secret client detail that must not reach the user")


TEST_JOBS: dict[str, Handler] = {"count": counting, "fail": failing, "crash": crashing}
