"""A client's record: who they are and what they run."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class InvalidClientRecord(ValueError):
    """One or more fields are invalid; `errors` maps field name to a message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class ClientDetails:
    """What a practitioner enters for a client (also the editable part of a record)."""

    name: str
    date_of_birth: date | None = None
    email: str | None = None
    phone: str | None = None
    sports: tuple[str, ...] = field(default_factory=tuple)
    weekly_running_km: float | None = None
    goals: str = ""

    def validated(self, today: date) -> ClientDetails:
        errors: dict[str, str] = {}
        name = " ".join(self.name.split())
        if not name:
            errors["name"] = "Enter the client's name."
        elif len(name) > 200:
            errors["name"] = "Use at most 200 characters."
        email = (self.email or "").strip().lower() or None
        if email and not EMAIL_RE.match(email):
            errors["email"] = "Enter an email address like name@example.com."
        if self.date_of_birth is not None:
            if self.date_of_birth > today:
                errors["date_of_birth"] = "The date of birth is in the future."
            elif self.date_of_birth.year < today.year - 120:
                errors["date_of_birth"] = "Check the year of birth."
        km = self.weekly_running_km
        if km is not None and not 0 <= km <= 400:
            errors["weekly_running_km"] = "Enter a weekly distance between 0 and 400 km."
        if len(self.goals) > 2000:
            errors["goals"] = "Use at most 2000 characters."
        if errors:
            raise InvalidClientRecord(errors)
        sports = tuple(s.strip() for s in self.sports if s.strip())
        return ClientDetails(
            name=name,
            date_of_birth=self.date_of_birth,
            email=email,
            phone=(self.phone or "").strip() or None,
            sports=sports,
            weekly_running_km=km,
            goals=self.goals.strip(),
        )


@dataclass(frozen=True)
class ClientRecord:
    id: int
    clinic_id: int
    details: ClientDetails
    user_id: int | None = None

    @property
    def name(self) -> str:
        return self.details.name

    def age_on(self, today: date) -> int | None:
        dob = self.details.date_of_birth
        if dob is None:
            return None
        return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
