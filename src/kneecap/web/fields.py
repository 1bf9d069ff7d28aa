"""Field names as a person reads them, for error messages.

Forms and JSON bodies name their fields for code (`m3_per_week`, `usual_pain`,
`exercises.0.sets`, `t.patellar_glide.left`); a message about a bad value names the field the
way the page labels it ("Modality 4: times a week"). The error keys stay the code names, so
a page can still mark its field and a script can still read them.
"""

from __future__ import annotations

import re

from kneecap.domain.clinical.catalogue import catalogue

# Names whose words alone would not say what the field is.
LABELS = {
    "usual_pain": "Usual pain (0–10)",
    "worst_pain": "Worst pain (0–10)",
    "pain": "Pain (0–10)",
    "pain_during": "Pain during the run (0–10)",
    "pain_next_morning": "Pain the next morning (0–10)",
    "during": "Pain during (0–10)",
    "next_morning": "Pain the next morning (0–10)",
    "rpe": "Effort (RPE 0–10)",
    "on": "Date",
    "day": "Date",
    "start": "Start date",
    "end": "End date",
    "since": "From date",
    "until": "To date",
    "race_day": "Race day",
    "race_km": "Race distance (km)",
    "goal_week_km": "Goal weekly distance (km)",
    "weekly_running_km": "Weekly running (km)",
    "running_km": "Running per week (km)",
    "running_hours": "Running per week (hours)",
    "body_mass_kg": "Body mass (kg)",
    "age_years": "Age (years)",
    "onset_date": "Date the pain started",
    "swelling_onset_hours": "Hours until swelling appeared",
    "recent_change_weeks": "Weeks since the training change",
    "date_of_birth": "Date of birth",
    "plan_id": "Care plan",
    "assessment_id": "Assessment",
    "client_id": "Client",
    "exercise_id": "Exercise",
    "per_week": "Times a week",
    "days_per_week": "Days a week",
    "hold_seconds": "Hold (seconds)",
    "load_kg": "Load (kg)",
    "dose": "Dose",
    "weeks": "Weeks",
    "a": "First analysis",
    "b": "Second analysis",
    "height_cm": "Height (cm)",
    "belt_speed_kmh": "Belt speed (km/h)",
    "filmed_fps": "Filmed at (fps)",
    "q": "Search",
    "code": "Diagnosis code",
    "csrf_token": "Security token",
    "password_again": "Password (again)",
    "otp": "Authenticator code",
}
# The repeated rows of the care-plan and home-programme forms: m{i}_… and x{i}_….
ROW_FIELDS = {
    "modality": "kind",
    "area": "area",
    "dose": "dose",
    "per_week": "times a week",
    "weeks": "weeks",
    "side": "side",
    "notes": "notes",
    "exercise": "exercise",
    "sets": "sets",
    "reps": "repetitions",
    "hold": "hold (seconds)",
    "load_kg": "load (kg)",
    "load_note": "load note",
    "days": "days a week",
    "activity": "activity",
    "rating": "rating (0–10)",
}
ROWS = {"m": "Modality", "x": "Exercise", "psfs": "PSFS activity", "akps": "AKPS question"}
PLURAL_ROWS = {
    "modalities": "Modality",
    "exercises": "Exercise",
    "goals": "Goal",
    "answers": "Answer",
    "activities": "Activity",
    "planned_visits": "Visit",
}
_FORM_ROW = re.compile(r"^(m|x|psfs|akps)_?(\d+)(?:_(.+))?$")
_TEST_FIELD = re.compile(r"^t\.([a-z0-9_]+)\.(left|right|any)$")


def label(key: str) -> str:
    """How the page names field `key` (a form name or a dotted JSON location)."""
    if key in LABELS:
        return LABELS[key]
    if found := _TEST_FIELD.match(key):
        return _test_label(found.group(1), found.group(2))
    if found := _FORM_ROW.match(key):
        row, n, sub = found.groups()
        head = f"{ROWS[row]} {int(n) + 1}"
        return f"{head}: {_sub(sub)}" if sub else head
    parts = [p for p in key.split(".") if p not in {"body", "query", "path"}]
    if len(parts) > 1:
        return _dotted(parts)
    return _words(parts[0] if parts else key)


def _dotted(parts: list[str]) -> str:
    """`exercises.0.sets` -> "Exercise 1: sets"."""
    out: list[str] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        if part in PLURAL_ROWS and i + 1 < len(parts) and parts[i + 1].isdecimal():
            out.append(f"{PLURAL_ROWS[part]} {int(parts[i + 1]) + 1}")
            i += 2
            continue
        out.append(label(part) if not out else _sub(part))
        i += 1
    return ": ".join(out)


def _sub(name: str) -> str:
    return ROW_FIELDS.get(name) or LABELS.get(name, _words(name)).lower()


def _words(name: str) -> str:
    text = name.replace("_", " ").replace(".", " ").strip()
    return text[:1].upper() + text[1:] if text else "A field"


def _test_label(test_id: str, side: str) -> str:
    try:
        name = catalogue().get(test_id).name
    except KeyError:
        name = _words(test_id)
    return name if side == "any" else f"{name} ({side} knee)"


def describe(errors: dict[str, str]) -> str:
    """'Label: problem' for each field, as one sentence list."""
    return "; ".join(f"{label(k)}: {str(v).rstrip('.')}" for k, v in errors.items()) + (
        "." if errors else ""
    )


def invalid_message(message: str, errors: dict[str, str]) -> str:
    """The service's message, then each field by its label with what is wrong."""
    if not errors:
        return message
    listed = describe(errors)
    return listed if message.startswith("Please correct") else f"{message} {listed}"
