"""What a client sees of a care plan: nothing of a draft; the signed content; an LMT's
amendment only once co-signed, never a returned or superseded one (CLINICAL.md, Scope of
practice: an assistant's note is forwarded to a licensed provider for co-signature)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from kneecap.domain.access.roles import Role
from kneecap.domain.care.errors import CareError, ScopeError, SigningError
from kneecap.domain.care.modalities import Modality, ModalityPrescription
from kneecap.domain.care.plan import (
    CarePlan,
    Goal,
    PlanContent,
    PlannedVisit,
    amend_plan,
    cosign_amendment,
    new_plan,
    sign_plan,
)
from kneecap.domain.care.plan_review import (
    amendment_notice,
    client_content,
    client_plan,
    plan_versions,
    render,
    return_amendment,
)
from kneecap.domain.clinical.cosignature import ReviewState, cosign_queue

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
REPRO = "DIAGNOSIS: M22.2X1 patellofemoral pain syndrome right knee"
MASSAGE = ModalityPrescription(Modality.MASSAGE, "thigh", 45, 1, 6)
SIGNED = PlanContent(goals=(Goal("Run 5 km without knee pain"),), modalities=(MASSAGE,))


def signed_plan(author: Role = Role.LMT) -> CarePlan:
    draft = new_plan(plan_id=7, client_id=1, author_id="3", author_role=author, created_at=AT,
                     start=date(2026, 3, 2), content=SIGNED)  # fmt: skip
    return sign_plan(draft, signer_id="2", signer_role=Role.CHIROPRACTOR, at=AT)


def lmt_amends(plan: CarePlan, goal: str, minutes: int = 1) -> CarePlan:
    content = PlanContent(
        (Goal(goal),), (MASSAGE,), (PlannedVisit(date(2026, 3, 9), Role.LMT, goal),)
    )
    return amend_plan(plan, by_id="3", by_role=Role.LMT, reason="new goal", content=content,
                      at=AT + timedelta(minutes=minutes))  # fmt: skip


def test_a_draft_is_never_what_the_client_sees_whoever_wrote_it() -> None:
    for author in (Role.LMT, Role.CHIROPRACTOR):
        draft = new_plan(plan_id=1, client_id=1, author_id="3", author_role=author,
                         created_at=AT, start=date(2026, 3, 2), content=SIGNED)  # fmt: skip
        assert client_content(draft) is None and client_plan(draft) is None
        assert plan_versions(draft).versions == ()  # nothing of it to co-sign either


def test_an_lmt_amendment_waits_and_the_client_keeps_the_signed_content() -> None:
    amended = lmt_amends(signed_plan(), REPRO)
    assert amended.content.goals[0].description == REPRO  # the clinic's working copy
    assert client_content(amended) == SIGNED
    shown = client_plan(amended)
    assert shown is not None and shown.amendments == () and shown.content == SIGNED
    assert "co-signs this before the client sees it" in amendment_notice(amended)
    assert "ICD-10 code M22.2X1" in amendment_notice(amended)

    cosigned = cosign_amendment(amended, 0, by_id="2", by_role=Role.CHIROPRACTOR, at=AT)
    assert client_content(cosigned) == amended.content
    with pytest.raises(SigningError, match="approved, not awaiting"):
        cosign_amendment(cosigned, 0, by_id="2", by_role=Role.CHIROPRACTOR, at=AT)


def test_a_returned_amendment_never_reaches_the_client_and_needs_a_comment() -> None:
    amended = lmt_amends(signed_plan(), REPRO)
    with pytest.raises(CareError, match="needs a comment"):
        return_amendment(amended, 0, by_id="2", by_role=Role.CHIROPRACTOR, at=AT, comment=" ")
    with pytest.raises(ScopeError):
        return_amendment(amended, 0, by_id="3", by_role=Role.LMT, at=AT, comment="no")
    back = return_amendment(amended, 0, by_id="2", by_role=Role.CHIROPRACTOR, at=AT,
                            comment="Only the chiropractor names a diagnosis.")  # fmt: skip
    assert back.amendments[0].state is ReviewState.RETURNED
    assert client_content(back) == SIGNED
    assert plan_versions(back).version(2).comment == "Only the chiropractor names a diagnosis."


def test_a_newer_amendment_supersedes_one_that_waits() -> None:
    first = lmt_amends(signed_plan(), "Stairs without pain", 1)
    second = lmt_amends(first, "Run 10 km without pain", 2)
    assert [a.state for a in second.amendments] == [ReviewState.SUPERSEDED, ReviewState.PENDING]
    (item,) = cosign_queue([plan_versions(second)])
    assert item.version.number == 3 and item.client_sees is not None
    assert item.client_sees.number == 1  # the diff is against what the client sees: signed
    inserted = " ".join(c.text for c in item.diff if c.op == "insert")
    assert "10 km" in inserted and not item.flagged


def test_a_chiropractor_amendment_counts_as_co_signed() -> None:
    plan = signed_plan()
    content = PlanContent((Goal("Return to hills"),), (MASSAGE,))
    amended = amend_plan(plan, by_id="2", by_role=Role.CHIROPRACTOR, reason="progress",
                         content=content, at=AT)  # fmt: skip
    assert client_content(amended) == content
    assert amendment_notice(amended) == "Saved; the client sees it now."
    assert cosign_queue([plan_versions(amended)]) == ()


def test_versions_carry_the_author_and_the_screen_reads_only_what_the_lmt_changed() -> None:
    # The chiropractor signed a goal that names the condition; an LMT's unrelated change is
    # not flagged for it (the screen reads the lines the amendment adds or changes).
    content = PlanContent((Goal("Settle the patellofemoral pain"),), (MASSAGE,))
    draft = new_plan(plan_id=7, client_id=1, author_id="2", author_role=Role.CHIROPRACTOR,
                     created_at=AT, start=date(2026, 3, 2), content=content)  # fmt: skip
    signed = sign_plan(draft, signer_id="2", signer_role=Role.CHIROPRACTOR, at=AT)
    more = PlanContent(content.goals, (MASSAGE, ModalityPrescription(
        Modality.STRETCHING, "thigh", 30, 3, 6)))  # fmt: skip
    amended = amend_plan(signed, by_id="3", by_role=Role.LMT, reason="stretches", content=more,
                         at=AT)  # fmt: skip
    history = plan_versions(amended)
    v1, v2 = history.versions
    assert (v1.author_id, v1.state, v1.reviewer_id) == ("2", ReviewState.APPROVED, "2")
    assert (v2.author_id, v2.author_role, v2.state) == ("3", Role.LMT, ReviewState.PENDING)
    assert v2.flags == ()
    assert "Care: Stretching, thigh" in render(more)
