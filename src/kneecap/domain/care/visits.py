"""Visit notes in SOAP form, linked to a care plan: draft -> signed (locked) -> addenda.

Corrections to a signed note are addenda with a reason, never edits (shared/CLINICAL.md,
patterns from practice software).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.roles import Role
from kneecap.domain.care.errors import CareError, LockedError, SigningError
from kneecap.domain.care.modalities import Modality
from kneecap.domain.care.scope import require_can_prescribe, require_permission

SOAP_SECTIONS = ("subjective", "objective", "assessment", "plan")


class NoteStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"


@dataclass(frozen=True, slots=True)
class Addendum:
    at: datetime
    by_id: str
    by_role: Role
    reason: str
    text: str


@dataclass(frozen=True, slots=True)
class VisitNote:
    id: int  # 0 until stored
    plan_id: int
    client_id: int
    author_id: str
    author_role: Role
    visit_date: date
    subjective: str = ""
    objective: str = ""
    assessment: str = ""
    plan: str = ""
    modalities_given: tuple[Modality, ...] = ()
    status: NoteStatus = NoteStatus.DRAFT
    signed_at: datetime | None = None
    addenda: tuple[Addendum, ...] = ()

    @property
    def is_locked(self) -> bool:
        return self.status is NoteStatus.SIGNED


def _check_given(role: Role, given: tuple[Modality, ...]) -> None:
    for modality in given:
        require_can_prescribe(role, modality)


def start_note(
    *,
    note_id: int,
    plan_id: int,
    client_id: int,
    author_id: str,
    author_role: Role,
    visit_date: date,
) -> VisitNote:
    require_permission(author_role, Action.VISIT_NOTE_WRITE)
    return VisitNote(note_id, plan_id, client_id, author_id, author_role, visit_date)


def edit_note(
    note: VisitNote,
    *,
    by_id: str,
    subjective: str | None = None,
    objective: str | None = None,
    assessment: str | None = None,
    plan: str | None = None,
    modalities_given: tuple[Modality, ...] | None = None,
) -> VisitNote:
    """Change sections of a draft; only its author may, and a signed note is refused."""
    if note.is_locked:
        raise LockedError("This note is signed and locked; add an addendum to correct it.")
    if by_id != note.author_id:
        raise CareError("Only the note's author can edit a draft; add your own note instead.")
    if modalities_given is not None:
        _check_given(note.author_role, modalities_given)
    return replace(
        note,
        subjective=note.subjective if subjective is None else subjective,
        objective=note.objective if objective is None else objective,
        assessment=note.assessment if assessment is None else assessment,
        plan=note.plan if plan is None else plan,
        modalities_given=note.modalities_given if modalities_given is None else modalities_given,
    )


def sign_note(note: VisitNote, *, signer_id: str, signer_role: Role, at: datetime) -> VisitNote:
    require_permission(signer_role, Action.VISIT_NOTE_SIGN)
    if note.is_locked:
        raise SigningError(f"This note was already signed on {note.signed_at:%Y-%m-%d}.")
    if signer_id != note.author_id:
        raise SigningError("Only the note's author can sign it.")
    empty = [name for name in SOAP_SECTIONS if not getattr(note, name).strip()]
    if empty:
        raise SigningError(
            f"The note's {', '.join(empty)} section{'s are' if len(empty) > 1 else ' is'} empty; "
            "fill every SOAP section before signing."
        )
    return replace(note, status=NoteStatus.SIGNED, signed_at=at)


def add_addendum(
    note: VisitNote, *, by_id: str, by_role: Role, reason: str, text: str, at: datetime
) -> VisitNote:
    require_permission(by_role, Action.VISIT_NOTE_ADDENDUM)
    if not note.is_locked:
        raise CareError("This note is still a draft; edit it directly instead.")
    if not reason.strip() or not text.strip():
        raise CareError("An addendum needs both a reason and its text.")
    addendum = Addendum(at=at, by_id=by_id, by_role=by_role, reason=reason.strip(), text=text)
    return replace(note, addenda=(*note.addenda, addendum))
