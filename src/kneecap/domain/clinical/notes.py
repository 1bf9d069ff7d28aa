"""Assessment notes: a draft until its author signs it; signed means locked; later changes are
amendments with a reason, kept in history (who, when, what changed, why), never overwrites.

Pure state machine: every transition returns a new note and raises a clear error when refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import datetime
from enum import StrEnum

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.roles import Role
from kneecap.domain.clinical.errors import (
    FieldProblem,
    NoteLocked,
    NoteNotSigned,
    NotTheAuthor,
    check,
)
from kneecap.domain.clinical.findings import Finding
from kneecap.domain.clinical.scope import require


@dataclass(frozen=True)
class NoteContent:
    subjective: str = ""
    objective: str = ""
    assessment: str = ""
    plan: str = ""
    findings: tuple[Finding, ...] = ()


CONTENT_FIELDS = tuple(f.name for f in fields(NoteContent))


class NoteState(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: object
    after: object


@dataclass(frozen=True)
class Amendment:
    by_id: str
    at: datetime
    changes: tuple[FieldChange, ...]
    reason: str


@dataclass(frozen=True)
class AssessmentNote:
    author_id: str
    author_name: str
    author_role: Role
    created_at: datetime
    content: NoteContent  # current content: as signed plus every amendment
    signed_at: datetime | None = None
    signed_content: NoteContent | None = None  # exactly what the author signed
    amendments: tuple[Amendment, ...] = ()

    @property
    def state(self) -> NoteState:
        return NoteState.SIGNED if self.signed_at else NoteState.DRAFT

    @property
    def locked(self) -> bool:
        return self.signed_at is not None


def _stamp(t: datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M %Z").strip()


def _aware(problems: list[FieldProblem], name: str, t: datetime) -> None:
    if t.tzinfo is None:
        problems.append(FieldProblem(name, "must carry a time zone"))


def start_note(
    *,
    author_id: str,
    author_name: str,
    author_role: Role | str,
    now: datetime,
    content: NoteContent | None = None,
) -> AssessmentNote:
    require(author_role, Action.FINDINGS_RECORD)
    problems: list[FieldProblem] = []
    _aware(problems, "now", now)
    if not author_name.strip():
        problems.append(FieldProblem("author_name", "the note needs its author's name"))
    check(problems)
    return AssessmentNote(
        author_id, author_name.strip(), Role(author_role), now, content or NoteContent()
    )


def _locked_error(note: AssessmentNote) -> NoteLocked:
    assert note.signed_at is not None
    return NoteLocked(
        f"This note was signed on {_stamp(note.signed_at)} and is locked; "
        "add an amendment with a reason instead."
    )


def edit_draft(note: AssessmentNote, *, by_id: str, content: NoteContent) -> AssessmentNote:
    if note.locked:
        raise _locked_error(note)
    if by_id != note.author_id:
        raise NotTheAuthor(f"Only {note.author_name} can edit this draft; ask them to change it.")
    return replace(note, content=content)


def sign(note: AssessmentNote, *, by_id: str, now: datetime) -> AssessmentNote:
    if note.locked:
        raise _locked_error(note)
    if by_id != note.author_id:
        raise NotTheAuthor(f"Only the author, {note.author_name}, can sign this note.")
    require(note.author_role, Action.NOTE_SIGN)
    problems: list[FieldProblem] = []
    _aware(problems, "now", now)
    if not problems and now < note.created_at:
        problems.append(FieldProblem("now", "a note cannot be signed before it was started"))
    check(problems)
    return replace(note, signed_at=now, signed_content=note.content)


def amend(
    note: AssessmentNote,
    *,
    by_id: str,
    by_role: Role | str,
    changes: Mapping[str, object],
    reason: str,
    now: datetime,
) -> AssessmentNote:
    """Change a signed note; the change, its author, time and reason go into its history."""
    if not note.locked:
        raise NoteNotSigned("This note is still a draft; edit it directly and sign it.")
    require(by_role, Action.NOTE_SIGN)
    problems: list[FieldProblem] = []
    _aware(problems, "now", now)
    if not reason.strip():
        problems.append(FieldProblem("reason", "an amendment needs a reason"))
    unknown = sorted(set(changes) - set(CONTENT_FIELDS))
    if unknown:
        problems.append(
            FieldProblem("changes", f"unknown field(s) {', '.join(unknown)}; use {CONTENT_FIELDS}")
        )
    diff = tuple(
        FieldChange(k, getattr(note.content, k), v)
        for k, v in changes.items()
        if k in CONTENT_FIELDS and getattr(note.content, k) != v
    )
    if not unknown and not diff:
        problems.append(FieldProblem("changes", "nothing would change"))
    check(problems)
    content = replace(note.content, **{c.field: c.after for c in diff})  # type: ignore[arg-type]
    entry = Amendment(by_id, now, diff, reason.strip())
    return replace(note, content=content, amendments=(*note.amendments, entry))
