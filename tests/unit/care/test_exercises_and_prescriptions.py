from datetime import date

import pytest

from kneecap.domain.access.roles import Role
from kneecap.domain.care.adherence import adherence, pain_trend
from kneecap.domain.care.errors import (
    ExerciseLibraryError,
    PrescriptionError,
    ScopeError,
    SessionLogError,
)
from kneecap.domain.care.exercises import Category, ExerciseLibrary, load_library
from kneecap.domain.care.prescriptions import (
    ExercisePrescription,
    HomeProgramme,
    SessionLog,
    log_session,
    prescribe_programme,
    validate_prescription,
)
from kneecap.domain.outcomes.change import ChangeReading

LIB = load_library()
START = date(2025, 3, 3)  # a Monday


def test_library_integrity() -> None:
    assert len(LIB) >= 25
    ids = [e.id for e in LIB]
    assert len(ids) == len(set(ids))
    for exercise in LIB:
        assert exercise.cues and exercise.purpose
        for target in (*exercise.progression.ids, *exercise.regression.ids):
            assert target in LIB
    for must in ("clamshell", "side_lying_hip_abduction", "wall_squat_0_45", "forward_step_down"):
        assert LIB.get(must).source
    assert sum(e.category is Category.STRETCH for e in LIB) >= 5


def test_library_refuses_dangling_progression() -> None:
    clam = LIB.get("clamshell")
    with pytest.raises(ExerciseLibraryError, match="unknown 'clamshell_band'"):
        ExerciseLibrary([clam])
    with pytest.raises(ExerciseLibraryError, match="Duplicate"):
        ExerciseLibrary([LIB.get("heel_slide"), LIB.get("heel_slide")])


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"sets": 0}, "sets"),
        ({"reps": 80}, "reps"),
        ({"days_per_week": 8}, "days_per_week"),
        ({"hold_seconds": -1}, "hold_seconds"),
        ({"load_kg": 500.0}, "load_kg"),
        ({"reps": 0, "hold_seconds": 0}, "reps"),
        ({"exercise_id": "moonwalk"}, "exercise_id"),
    ],
)
def test_prescription_validation_names_the_field(kwargs: dict[str, object], field: str) -> None:
    base: dict[str, object] = {"exercise_id": "clamshell", "sets": 3, "reps": 12}
    item = ExercisePrescription(**{**base, **kwargs})  # type: ignore[arg-type]
    with pytest.raises(PrescriptionError) as err:
        validate_prescription(item, LIB)
    assert err.value.field == field


def programme(role: Role = Role.CHIROPRACTOR) -> HomeProgramme:
    return prescribe_programme(
        programme_id=1,
        client_id=1,
        plan_id=1,
        prescribed_by="dc",
        prescriber_role=role,
        start=START,
        end=date(2025, 4, 13),
        prescriptions=[
            ExercisePrescription("clamshell", 3, 12, days_per_week=3),
            ExercisePrescription("hamstring_stretch", 3, 0, 30, days_per_week=7),
        ],
        library=LIB,
    )


def test_lmt_may_prescribe_stretches_but_not_strengthening() -> None:
    with pytest.raises(ScopeError, match="strengthening"):
        programme(Role.LMT)
    ok = prescribe_programme(
        programme_id=1,
        client_id=1,
        plan_id=1,
        prescribed_by="u",
        prescriber_role=Role.LMT,
        start=START,
        end=START,
        prescriptions=[ExercisePrescription("hamstring_stretch", 3, 0, 30)],
        library=LIB,
    )
    assert ok.prescriptions[0].exercise_id == "hamstring_stretch"


def test_adherence_over_two_weeks() -> None:
    hp = programme()
    # Week 1: clamshell on Mon/Wed/Fri and stretch every day; week 2: nothing logged.
    logs = [
        log_session(hp, on=date(2025, 3, 3 + d), exercises_done=["hamstring_stretch"])
        for d in range(7)
    ]
    logs += [
        log_session(hp, on=date(2025, 3, 3 + d), exercises_done=["clamshell"]) for d in (0, 2, 4)
    ]
    result = adherence(hp, logs, start=START, end=date(2025, 3, 16))
    # expected: clamshell 3/wk x 2 = 6, stretch 7/wk x 2 = 14 -> 20; completed 3 + 7 = 10
    assert result.expected == pytest.approx(20)
    assert result.completed == pytest.approx(10)
    assert result.ratio == pytest.approx(0.5)
    week1 = adherence(hp, logs, start=START, end=date(2025, 3, 9))
    assert week1.ratio == pytest.approx(1.0)


def test_extra_sessions_of_one_exercise_do_not_cover_another() -> None:
    hp = programme()
    logs = [
        log_session(hp, on=date(2025, 3, 3 + d), exercises_done=["clamshell"]) for d in range(7)
    ]
    result = adherence(hp, logs, start=START, end=date(2025, 3, 9))
    assert result.completed == pytest.approx(3)  # clamshell capped at its 3 prescribed days
    assert result.ratio == pytest.approx(3 / 10)


def test_session_log_validation() -> None:
    hp = programme()
    with pytest.raises(SessionLogError, match="0 \\(none\\) to 10"):
        log_session(hp, on=START, pain_during=11)
    with pytest.raises(SessionLogError, match="outside the programme"):
        log_session(hp, on=date(2025, 1, 1))
    with pytest.raises(SessionLogError, match="not in this programme"):
        log_session(hp, on=START, exercises_done=["spanish_squat"])
    assert log_session(hp, on=START).exercises_done == ("clamshell", "hamstring_stretch")


def test_pain_trend_reads_change_and_flags() -> None:
    pains = [6, 6, 5, 7, 4, 3, 3, 2]  # every other day over 15 days
    logs = [
        SessionLog(1, date(2025, 3, 3 + 2 * i), (), pain_during=p, pain_next_morning=p)
        for i, p in enumerate(pains)
    ]
    trend = pain_trend(logs)
    assert trend.slope_per_week is not None and trend.slope_per_week < 0
    # first 7 days: 6, 6, 5, 7 -> 6.0; last 7 days (after 10 Mar): 4, 3, 3, 2 -> 3.0
    assert (trend.first_week_mean, trend.last_week_mean) == (6.0, 3.0)
    assert trend.change is not None and trend.change.reading is ChangeReading.IMPROVED
    assert trend.too_much_days == (date(2025, 3, 3), date(2025, 3, 5), date(2025, 3, 9))
    morning = pain_trend(logs, field="pain_next_morning")
    assert morning.worse_next_morning_days == (date(2025, 3, 9),)
