"""Turning the intake and examination forms into clinical domain values, with per-field
messages. Field names are built from the catalogue, so a new test needs no code here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

from kneecap.domain.clinical.catalogue import Catalogue, OrthoTest, ResultType, catalogue
from kneecap.domain.clinical.errors import ClinicalValidationError
from kneecap.domain.clinical.findings import Finding, record_finding
from kneecap.domain.clinical.intake import (
    Intake,
    Mechanism,
    MedicalScreen,
    Onset,
    PastEvent,
    SportVolume,
    TrainingChange,
    TrainingChangeKind,
)
from kneecap.domain.clinical.notes import NoteContent
from kneecap.domain.clinical.side import Laterality, Side
from kneecap.domain.clinical.symptoms import Provocation, RedFlagScreen, SymptomProfile
from kneecap.services.assessments import IntakeAnswers
from kneecap.services.errors import Invalid

Form = dict[str, list[str]]
RED_FLAG_FIELDS = tuple(RedFlagScreen.__dataclass_fields__)
MEDICAL_FIELDS = tuple(MedicalScreen.__dataclass_fields__)
SIGN_FIELDS = ("swelling", "tenderness", "crepitus", "giving_way", "locking")
NOTE_FIELDS = ("subjective", "objective", "assessment", "plan")
E = TypeVar("E", bound=StrEnum)


def one(form: Form, name: str) -> str:
    values = form.get(name) or [""]
    return values[-1].strip()


def _number(
    form: Form, name: str, errors: dict[str, str], message: str, whole: bool = False
) -> float | None:
    raw = one(form, name).replace(",", ".")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        errors[name] = message
        return None
    if whole and not value.is_integer():
        errors[name] = message
        return None
    return value


def _enum(kind: type[E], form: Form, name: str, errors: dict[str, str], message: str) -> E | None:
    try:
        return kind(one(form, name))
    except ValueError:
        errors[name] = message
        return None


def _tri(raw: str) -> bool | None:
    return {"yes": True, "no": False}.get(raw)


def intake_from_form(form: Form) -> IntakeAnswers:
    errors: dict[str, str] = {}
    side = _enum(Laterality, form, "complaint_side", errors, "Choose which knee hurts.")
    onset = _enum(Onset, form, "onset", errors, "Choose how it started.")
    mechanism = _enum(Mechanism, form, "mechanism", errors, "Choose what happened.")
    onset_date: date | None = None
    try:
        onset_date = date.fromisoformat(one(form, "onset_date"))
    except ValueError:
        errors["onset_date"] = "Enter the date the pain started (YYYY-MM-DD)."
    age = _number(form, "age_years", errors, "Enter the age in whole years.", whole=True)
    usual = _number(form, "usual_pain", errors, "Choose 0 to 10.", whole=True)
    worst = _number(form, "worst_pain", errors, "Choose 0 to 10.", whole=True)
    if usual is None and "usual_pain" not in errors:
        errors["usual_pain"] = "Choose 0 to 10."
    if worst is None and "worst_pain" not in errors:
        errors["worst_pain"] = "Choose 0 to 10."
    hours = _number(form, "swelling_onset_hours", errors, "Enter hours as a number, e.g. 6.")
    running_h = _number(form, "running_hours", errors, "Enter hours a week, e.g. 4.")
    running_km = _number(form, "running_km", errors, "Enter kilometres a week, e.g. 30.")
    change = one(form, "recent_change")
    weeks = _number(form, "recent_change_weeks", errors, "Enter whole weeks.", whole=True)
    if errors:
        raise Invalid("Please correct the highlighted fields.", errors)
    assert side and onset and mechanism and usual is not None and worst is not None
    try:
        injuries = one(form, "previous_injuries")
        surgery = one(form, "previous_surgery")
        intake = Intake(
            age_years=int(age) if age is not None else 0,
            complaint_side=side,
            onset=onset,
            mechanism=mechanism,
            days_since_onset=0,
            previous_injuries=(PastEvent(injuries, Laterality.UNSPECIFIED),) if injuries else (),
            previous_surgery=(PastEvent(surgery, Laterality.UNSPECIFIED),) if surgery else (),
            sports=(SportVolume("running", running_h or 0.0, running_km),)
            if running_h is not None or running_km is not None
            else (),
            recent_changes=(TrainingChange(TrainingChangeKind(change), int(weeks or 0)),)
            if change
            else (),
            goals=(one(form, "goals"),) if one(form, "goals") else (),
            medical=MedicalScreen(**{f: _tri(one(form, f)) for f in MEDICAL_FIELDS}),
        )
        symptoms = SymptomProfile(
            side=side,
            regions=frozenset(form.get("regions", [])),
            provocations=frozenset(Provocation(p) for p in form.get("provocations", [])),
            usual_pain=int(usual),
            worst_pain=int(worst),
            swelling_onset_hours=hours,
            red_flags=RedFlagScreen(**{f: _tri(one(form, f)) for f in RED_FLAG_FIELDS}),
            **{f: one(form, f) == "yes" for f in SIGN_FIELDS},
        )
    except ClinicalValidationError as exc:
        raise Invalid(
            "Please correct the highlighted fields.", {p.field: p.problem for p in exc.problems}
        ) from exc
    except ValueError as exc:  # an unknown choice sent by hand
        raise Invalid(f"A choice on the form is not one Kneecap knows: {exc}") from exc
    return IntakeAnswers(intake, symptoms, onset_date)


def field_name(test: OrthoTest, side: Side | None) -> str:
    return f"t.{test.id}.{side.value if side else 'any'}"


@dataclass(frozen=True)
class ExamForm:
    content: NoteContent
    other_causes_excluded: bool | None


def _finding(
    test: OrthoTest, side: Side | None, raw: str, mass: float | None, errors: dict[str, str]
) -> Finding | None:
    name = field_name(test, side)
    value: bool | float | str
    if test.result is ResultType.BINARY:
        if raw not in ("positive", "negative"):
            errors[name] = "Choose positive or negative."
            return None
        value = raw == "positive"
    elif test.result is ResultType.QUALITY:
        value = raw
    else:
        try:
            value = float(raw.replace(",", "."))
        except ValueError:
            errors[name] = f"Enter a number in {test.result.unit}."
            return None
    try:
        return record_finding(
            test.id,
            value,
            side,
            body_mass_kg=mass if test.result is ResultType.FORCE_N else None,
        )
    except ClinicalValidationError as exc:
        for p in exc.problems:
            errors["body_mass_kg" if p.field == "body_mass_kg" else name] = p.problem
        return None


def exam_from_form(form: Form, tests: Catalogue | None = None) -> ExamForm:
    """Every filled result on the examination form, validated against its test."""
    cat = tests or catalogue()
    errors: dict[str, str] = {}
    mass = _number(form, "body_mass_kg", errors, "Enter the body mass in kg, e.g. 64.")
    findings: list[Finding] = []
    for test in cat.tests:
        sides: tuple[Side | None, ...] = tuple(Side) if test.sided else (None,)
        for side in sides:
            raw = one(form, field_name(test, side))
            if raw:
                found = _finding(test, side, raw, mass, errors)
                if found:
                    findings.append(found)
    if errors:
        raise Invalid("Please correct the highlighted results.", errors)
    content = NoteContent(**{f: one(form, f) for f in NOTE_FIELDS}, findings=tuple(findings))
    return ExamForm(content, _tri(one(form, "other_causes_excluded")))


def exam_values(content: NoteContent) -> dict[str, str]:
    """The form fields that show a stored examination again."""
    values = {f: str(getattr(content, f)) for f in NOTE_FIELDS}
    cat = catalogue()
    for f in content.findings:
        test = cat.get(f.test_id)
        if test.result is ResultType.BINARY:
            values[field_name(test, f.side)] = "positive" if f.value else "negative"
        elif isinstance(f.value, float):
            values[field_name(test, f.side)] = f"{f.value:g}"
        else:
            values[field_name(test, f.side)] = str(f.value)
        if f.body_mass_kg:
            values["body_mass_kg"] = f"{f.body_mass_kg:g}"
    return values
