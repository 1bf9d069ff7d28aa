"""Signed notes: draft -> signed (locked) -> amendments with reasons, never silent overwrites."""

from datetime import UTC, datetime, timedelta

import pytest

from kneecap.domain.access.roles import Role
from kneecap.domain.clinical.errors import (
    ClinicalValidationError,
    NoteLocked,
    NoteNotSigned,
    NotTheAuthor,
)
from kneecap.domain.clinical.notes import (
    AssessmentNote,
    NoteContent,
    NoteState,
    amend,
    edit_draft,
    sign,
    start_note,
)

T0 = datetime(2025, 3, 4, 14, 5, tzinfo=UTC)


def draft() -> AssessmentNote:
    return start_note(
        author_id="lmt-1", author_name="Maya Lee, LMT", author_role=Role.LMT, now=T0,
        content=NoteContent(assessment="Anterior knee pain on stairs"),
    )  # fmt: skip


def test_draft_edit_then_sign_locks() -> None:
    note = edit_draft(draft(), by_id="lmt-1", content=NoteContent(assessment="edited"))
    assert note.state is NoteState.DRAFT
    signed = sign(note, by_id="lmt-1", now=T0 + timedelta(minutes=5))
    assert signed.locked and signed.signed_content == NoteContent(assessment="edited")
    with pytest.raises(NoteLocked, match=r"signed on 2025-03-04 14:10 UTC and is locked; add an"):
        edit_draft(signed, by_id="lmt-1", content=NoteContent())
    with pytest.raises(NoteLocked):
        sign(signed, by_id="lmt-1", now=T0 + timedelta(hours=1))


def test_only_the_author_edits_or_signs() -> None:
    with pytest.raises(NotTheAuthor):
        edit_draft(draft(), by_id="dr-k", content=NoteContent())
    with pytest.raises(NotTheAuthor, match="Maya Lee"):
        sign(draft(), by_id="dr-k", now=T0)


def test_amendment_keeps_history_and_what_was_signed() -> None:
    signed = sign(draft(), by_id="lmt-1", now=T0)
    later = T0 + timedelta(days=1)
    amended = amend(
        signed, by_id="dr-k", by_role=Role.CHIROPRACTOR,
        changes={"plan": "Hip strengthening"}, reason="Plan left out", now=later,
    )  # fmt: skip
    assert amended.content.plan == "Hip strengthening"
    assert amended.signed_content == signed.content  # what was signed is never rewritten
    (entry,) = amended.amendments
    assert (entry.by_id, entry.at, entry.reason) == ("dr-k", later, "Plan left out")
    assert entry.changes[0].field == "plan"
    assert (entry.changes[0].before, entry.changes[0].after) == ("", "Hip strengthening")


@pytest.mark.parametrize(
    ("changes", "reason", "fields"),
    [
        ({"plan": "x"}, "  ", ["reason"]),
        ({"colour": "x"}, "typo", ["changes"]),
        ({"assessment": "Anterior knee pain on stairs"}, "typo", ["changes"]),
    ],
)
def test_bad_amendments_are_refused(
    changes: dict[str, object], reason: str, fields: list[str]
) -> None:
    signed = sign(draft(), by_id="lmt-1", now=T0)
    with pytest.raises(ClinicalValidationError) as err:
        amend(signed, by_id="lmt-1", by_role="lmt", changes=changes, reason=reason, now=T0)
    assert [p.field for p in err.value.problems] == fields


def test_a_draft_cannot_be_amended_and_clients_cannot_amend() -> None:
    with pytest.raises(NoteNotSigned):
        amend(draft(), by_id="lmt-1", by_role="lmt", changes={"plan": "x"}, reason="r", now=T0)
    signed = sign(draft(), by_id="lmt-1", now=T0)
    with pytest.raises(PermissionError):
        amend(signed, by_id="c", by_role="client", changes={"plan": "x"}, reason="r", now=T0)


def test_naive_times_and_signing_before_start_are_refused() -> None:
    with pytest.raises(ClinicalValidationError, match="time zone"):
        sign(draft(), by_id="lmt-1", now=datetime(2025, 3, 4))
    with pytest.raises(ClinicalValidationError, match="before it was started"):
        sign(draft(), by_id="lmt-1", now=T0 - timedelta(minutes=1))
