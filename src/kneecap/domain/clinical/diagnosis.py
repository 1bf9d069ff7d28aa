"""Diagnoses: recorded and released only by the chiropractor; what a client may see of them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.roles import Role
from kneecap.domain.clinical.errors import ClinicalValidationError, FieldProblem, check
from kneecap.domain.clinical.icd10 import lookup
from kneecap.domain.clinical.scope import permissions_for, require
from kneecap.domain.clinical.side import Laterality


@dataclass(frozen=True)
class Diagnosis:
    code: str
    side: Laterality  # LEFT, RIGHT or UNSPECIFIED; never BOTH (no bilateral code)
    note: str
    author_id: str
    author_role: Role
    recorded_at: datetime
    released_at: datetime | None = None
    released_by: str | None = None

    def __post_init__(self) -> None:
        problems: list[FieldProblem] = []
        try:
            entry = lookup(self.code)
        except ClinicalValidationError as exc:  # report it together with any other fault
            problems.extend(exc.problems)
        else:
            if entry.code != self.code:
                problems.append(FieldProblem("code", f"write it as {entry.code}"))
            if entry.side is not self.side:
                problems.append(
                    FieldProblem("side", f"{self.code} is the {entry.side} code, not {self.side}")
                )
        if self.recorded_at.tzinfo is None:
            problems.append(FieldProblem("recorded_at", "must carry a time zone"))
        if (self.released_at is None) != (self.released_by is None):
            problems.append(FieldProblem("released_by", "release needs both who and when"))
        check(problems)

    @property
    def title(self) -> str:
        return lookup(self.code).family.title

    @property
    def released(self) -> bool:
        return self.released_at is not None


def release_diagnosis(
    diagnosis: Diagnosis, *, by_id: str, by_role: Role | str, now: datetime
) -> Diagnosis:
    """Make a diagnosis visible to the client. Releasing twice keeps the first release."""
    require(by_role, Action.DIAGNOSIS_RELEASE)
    if diagnosis.released:
        return diagnosis
    return replace(diagnosis, released_at=now, released_by=by_id)


def visible_to_client(items: Iterable[object]) -> tuple[Diagnosis, ...]:
    """What a client may see: released diagnoses authored by a chiropractor, nothing else.

    Anything that is not a Diagnosis (findings, notes, drafts) is dropped, and so is any
    diagnosis whose author role may not diagnose (e.g. an LMT's record imported from elsewhere).
    """
    return tuple(
        d
        for d in items
        if isinstance(d, Diagnosis)
        and d.released
        and Action.DIAGNOSIS_RECORD in permissions_for(d.author_role)
    )
