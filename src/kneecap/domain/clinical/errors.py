"""Errors raised by the clinical domain; each carries a message a user can act on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class ClinicalError(Exception):
    """Base class: `str(error)` is a user-facing sentence saying what is wrong and what to do."""


@dataclass(frozen=True)
class FieldProblem:
    """One invalid field: its name (as in the dataclass / form) and what is wrong with it."""

    field: str
    problem: str

    def __str__(self) -> str:
        return f"{self.field}: {self.problem}"


class ClinicalValidationError(ClinicalError, ValueError):
    """Input failed validation; `problems` lists every field at fault, not just the first."""

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


def check(problems: list[FieldProblem]) -> None:
    """Raise once with every collected problem, so a form can show them all together."""
    if problems:
        raise ClinicalValidationError(problems)


def check_scale(
    problems: list[FieldProblem], field: str, value: int | None, lo: int, hi: int
) -> None:
    if value is not None and not lo <= value <= hi:
        problems.append(
            FieldProblem(field, f"must be a whole number from {lo} to {hi}, got {value}")
        )


class UnknownTest(ClinicalError, KeyError):
    def __init__(self, test_id: str) -> None:
        self.test_id = test_id
        super().__init__(
            f"No orthopedic test with id {test_id!r} in the catalogue; "
            "pick one listed by catalogue().tests"
        )

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0])


class OutOfScope(ClinicalError, PermissionError):
    """The actor's role does not allow this clinical act (e.g. an LMT giving a diagnosis)."""


class NoteLocked(ClinicalError):
    """A signed note cannot be edited; only amended with a reason."""


class NoteNotSigned(ClinicalError):
    """The operation needs a signed note (amendment, referral letter)."""


class NotTheAuthor(ClinicalError, PermissionError):
    """Only a note's author may edit or sign it."""
