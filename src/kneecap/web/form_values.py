"""Reading one value of a posted form: numbers, whole numbers, dates, choices and record ids,
each refused with a message for its field (key -> problem in `errors`) instead of raising.

Numbers must be finite ("nan", "1e309" are refused) and whole numbers must fit what a record
can hold; the pages show the message beside the field, and the error page names the field
by its label (fields.py).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from enum import Enum
from typing import TypeVar

from kneecap.services.errors import Invalid
from kneecap.web.params import MAX_ID

E = TypeVar("E", bound=Enum)
LARGEST_WHOLE = 1_000_000  # no count, dose or score on a form comes near it


def number(values: Mapping[str, str], key: str, errors: dict[str, str]) -> float | None:
    raw = values.get(key, "").strip().replace(",", ".")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or abs(value) > 1e9:
        errors[key] = f"Enter a number (got {raw[:20]!r})."
        return None
    return value


def whole(values: Mapping[str, str], key: str, errors: dict[str, str], default: int = 0) -> int:
    value = number(values, key, errors)
    if value is None:
        return default
    if not value.is_integer() or abs(value) > LARGEST_WHOLE:
        errors[key] = "Enter a whole number."
        return default
    return int(value)


def optional_whole(values: Mapping[str, str], key: str, errors: dict[str, str]) -> int | None:
    if not values.get(key, "").strip():
        return None
    found = whole(values, key, errors)
    return None if key in errors else found


def day(values: Mapping[str, str], key: str, errors: dict[str, str]) -> date | None:
    raw = values.get(key, "").strip()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[key] = "Enter a date as YYYY-MM-DD."
        return None


def choice(kind: type[E], values: Mapping[str, str], key: str, errors: dict[str, str]) -> E | None:
    raw = values.get(key, "")
    try:
        return kind(raw)
    except ValueError:
        errors[key] = "Choose one of the options on the form."
        return None


def record_id(values: Mapping[str, str], key: str, errors: dict[str, str]) -> int:
    """A record chosen on the form (e.g. the care plan a note belongs to); 0 when none."""
    raw = values.get(key, "").strip()
    if not raw:
        return 0
    if not raw.isdecimal() or not 1 <= int(raw) <= MAX_ID:
        errors[key] = "Choose one of the options on the form."
        return 0
    return int(raw)


def refuse_if(
    errors: dict[str, str], message: str = "Please correct the highlighted fields."
) -> None:
    if errors:
        raise Invalid(message, errors)
