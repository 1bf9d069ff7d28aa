"""Errors for care plans, notes and home programmes; messages say what is wrong and what to do."""

from __future__ import annotations


class CareError(ValueError):
    """Base for care-domain refusals; `str(error)` is safe to show to the user."""


class ScopeError(CareError):
    """The acting role may not do this (e.g. an LMT prescribing a chiropractic adjustment)."""


class ModalityParameterError(CareError):
    """A modality's area, dose, frequency or duration is missing or out of range."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


class LockedError(CareError):
    """A signed plan or note cannot be edited; amend it or add an addendum instead."""


class SigningError(CareError):
    """The record cannot be signed (wrong role, incomplete, already signed)."""


class PrescriptionError(CareError):
    """An exercise prescription has an unknown exercise or an out-of-range dose."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


class SessionLogError(CareError):
    """A home-programme session log has bad pain ratings or dates."""


class ExerciseLibraryError(CareError):
    """The exercise library data is inconsistent (duplicate ids, dangling progressions)."""
