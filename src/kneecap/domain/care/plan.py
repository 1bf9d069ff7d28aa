"""Care plans: goals, planned visits and modalities; drafts until a chiropractor signs, then
locked. Changes to a signed plan are amendments with a reason, kept beside the plan (never edits).
An amendment by a role that may not co-sign (the LMT) waits for the chiropractor: co-signed, it
is what the client sees; returned with a comment, or superseded by a newer amendment, it never
is (plan_review.client_content).

Functions return new frozen CarePlan values; the service stores them and writes the audit log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.roles import Role
from kneecap.domain.care.errors import CareError, SigningError
from kneecap.domain.care.modalities import ModalityPrescription, validate_modality
from kneecap.domain.care.scope import has_permission, require_can_prescribe, require_permission
from kneecap.domain.clinical.cosignature import ReviewState


class PlanStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"


@dataclass(frozen=True, slots=True)
class Goal:
    description: str
    instrument: str | None = None  # e.g. "akps" when the goal is a target score
    target: float | None = None
    by: date | None = None


@dataclass(frozen=True, slots=True)
class PlannedVisit:
    on: date
    provider_role: Role
    purpose: str = ""


@dataclass(frozen=True, slots=True)
class PlanContent:
    goals: tuple[Goal, ...] = ()
    modalities: tuple[ModalityPrescription, ...] = ()
    planned_visits: tuple[PlannedVisit, ...] = ()


@dataclass(frozen=True, slots=True)
class Amendment:
    at: datetime
    by_id: str
    by_role: Role
    reason: str
    before: PlanContent
    after: PlanContent
    cosigned_by: str | None = None
    cosigned_at: datetime | None = None
    returned_by: str | None = None  # the chiropractor who sent it back, with `comment`
    returned_at: datetime | None = None
    comment: str = ""  # the reviewer's comment (required when returned)
    superseded: bool = False  # a newer amendment came before anyone reviewed this one

    @property
    def state(self) -> ReviewState:
        if self.cosigned_by is not None:
            return ReviewState.APPROVED
        if self.returned_at is not None:
            return ReviewState.RETURNED
        if self.superseded:
            return ReviewState.SUPERSEDED
        return ReviewState.PENDING

    @property
    def needs_cosign(self) -> bool:
        """Waiting for the chiropractor (not co-signed, returned or superseded)."""
        return self.state is ReviewState.PENDING


@dataclass(frozen=True, slots=True)
class CarePlan:
    id: int  # 0 until stored
    client_id: int
    author_id: str
    author_role: Role
    created_at: datetime
    start: date
    content: PlanContent = PlanContent()
    status: PlanStatus = PlanStatus.DRAFT
    signed_by: str | None = None
    signed_at: datetime | None = None
    amendments: tuple[Amendment, ...] = field(default=())

    @property
    def is_locked(self) -> bool:
        return self.status is PlanStatus.SIGNED


def _check_content(
    content: PlanContent, by_role: Role, already: Sequence[ModalityPrescription] = ()
) -> None:
    for goal in content.goals:
        if not goal.description.strip():
            raise CareError("A goal needs a description; say what the client wants to achieve.")
    for item in content.modalities:
        validate_modality(item)
        # A role may keep what someone else planned unchanged, but adds or changes only its own.
        if item not in already:
            require_can_prescribe(by_role, item.modality)
    for visit in content.planned_visits:
        if visit.provider_role not in (Role.LMT, Role.CHIROPRACTOR):
            raise CareError(
                f"A visit is planned with a {visit.provider_role.value}; "
                "plan visits with an LMT or the chiropractor."
            )


def new_plan(
    *,
    plan_id: int,
    client_id: int,
    author_id: str,
    author_role: Role,
    created_at: datetime,
    start: date,
    content: PlanContent = PlanContent(),
) -> CarePlan:
    require_permission(author_role, Action.CARE_PLAN_DRAFT)
    _check_content(content, author_role)
    return CarePlan(plan_id, client_id, author_id, author_role, created_at, start, content)


def sign_plan(plan: CarePlan, *, signer_id: str, signer_role: Role, at: datetime) -> CarePlan:
    if signer_role is not Role.CHIROPRACTOR:
        raise SigningError("Only a chiropractor can sign a care plan; forward it for signature.")
    require_permission(signer_role, Action.CARE_PLAN_SIGN)
    if plan.is_locked:
        raise SigningError(f"This plan was already signed on {plan.signed_at:%Y-%m-%d}.")
    if not plan.content.goals or not plan.content.modalities:
        raise SigningError("A plan needs at least one goal and one modality before signing.")
    return replace(plan, status=PlanStatus.SIGNED, signed_by=signer_id, signed_at=at)


def amend_plan(
    plan: CarePlan,
    *,
    by_id: str,
    by_role: Role,
    reason: str,
    content: PlanContent,
    at: datetime,
) -> CarePlan:
    """Record an amendment to a signed plan. An amendment by a role that may co-sign (the
    chiropractor) counts as co-signed; an LMT's waits for the chiropractor's co-signature
    (cosign_amendment). Either supersedes an amendment still waiting."""
    require_permission(by_role, Action.CARE_PLAN_AMEND)
    if not plan.is_locked:
        raise CareError("This plan is still a draft; edit it directly instead of amending.")
    if not reason.strip():
        raise CareError("An amendment needs a reason; say why the plan changes.")
    if content == plan.content:
        raise CareError("The amendment changes nothing; edit the plan content first.")
    _check_content(content, by_role, plan.content.modalities)
    chiro = has_permission(by_role, Action.CARE_PLAN_COSIGN_AMENDMENT)
    amendment = Amendment(
        at=at,
        by_id=by_id,
        by_role=by_role,
        reason=reason.strip(),
        before=plan.content,
        after=content,
        cosigned_by=by_id if chiro else None,
        cosigned_at=at if chiro else None,
    )
    earlier = tuple(replace(a, superseded=True) if a.needs_cosign else a for a in plan.amendments)
    return replace(plan, content=content, amendments=(*earlier, amendment))


def cosign_amendment(
    plan: CarePlan, index: int, *, by_id: str, by_role: Role, at: datetime, comment: str = ""
) -> CarePlan:
    """Co-sign an amendment that waits: from now on it is what the client sees."""
    require_permission(by_role, Action.CARE_PLAN_COSIGN_AMENDMENT)
    if not 0 <= index < len(plan.amendments):
        raise CareError(f"This plan has no amendment number {index}.")
    amendment = plan.amendments[index]
    if not amendment.needs_cosign:
        raise SigningError(f"Amendment {index} is {amendment.state}, not awaiting co-signature.")
    signed = replace(amendment, cosigned_by=by_id, cosigned_at=at, comment=comment.strip())
    amendments = (*plan.amendments[:index], signed, *plan.amendments[index + 1 :])
    return replace(plan, amendments=amendments)
