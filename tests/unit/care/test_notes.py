from datetime import date, datetime

import pytest

from kneecap.domain.access.roles import Role
from kneecap.domain.care.errors import CareError, LockedError, ScopeError, SigningError
from kneecap.domain.care.modalities import Modality
from kneecap.domain.care.visits import (
    NoteStatus,
    VisitNote,
    add_addendum,
    edit_note,
    sign_note,
    start_note,
)

AT = datetime(2025, 3, 10, 12, 0)


def lmt_note() -> VisitNote:
    return start_note(
        note_id=1,
        plan_id=1,
        client_id=1,
        author_id="u1",
        author_role=Role.LMT,
        visit_date=date(2025, 3, 10),
    )


def test_soap_note_sign_lock_addendum() -> None:
    note = lmt_note()
    with pytest.raises(SigningError, match="objective, assessment, plan sections are empty"):
        sign_note(
            edit_note(note, by_id="u1", subjective="Sore after stairs"),
            signer_id="u1",
            signer_role=Role.LMT,
            at=AT,
        )
    full = edit_note(
        note,
        by_id="u1",
        subjective="Sore after stairs",
        objective="Tight quads",
        assessment="Tolerating load",
        plan="Continue",
        modalities_given=(Modality.MASSAGE,),
    )
    signed = sign_note(full, signer_id="u1", signer_role=Role.LMT, at=AT)
    assert signed.status is NoteStatus.SIGNED
    with pytest.raises(LockedError, match="addendum"):
        edit_note(signed, by_id="u1", plan="Changed")
    with pytest.raises(SigningError, match="already signed"):
        sign_note(signed, signer_id="u1", signer_role=Role.LMT, at=AT)
    corrected = add_addendum(
        signed, by_id="u1", by_role=Role.LMT, reason="typo", text="Left quads, not right", at=AT
    )
    assert corrected.addenda[0].text == "Left quads, not right"
    assert corrected.objective == "Tight quads"  # the signed text is never changed


def test_note_rules() -> None:
    note = lmt_note()
    with pytest.raises(ScopeError, match="adjustment"):
        edit_note(note, by_id="u1", modalities_given=(Modality.CHIROPRACTIC_ADJUSTMENT,))
    with pytest.raises(CareError, match="author"):
        edit_note(note, by_id="someone-else", subjective="x")
    with pytest.raises(CareError, match="still a draft"):
        add_addendum(note, by_id="u1", by_role=Role.LMT, reason="r", text="t", at=AT)
    with pytest.raises(ScopeError):
        start_note(
            note_id=1,
            plan_id=1,
            client_id=1,
            author_id="a",
            author_role=Role.CLIENT,
            visit_date=date(2025, 3, 10),
        )
