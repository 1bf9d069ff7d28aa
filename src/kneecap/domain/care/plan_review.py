"""A signed care plan as the client sees it, and its amendments as versions to co-sign.

The client sees a plan only once a chiropractor has signed it (a draft, whoever wrote it, is the
clinic's working copy), and then the content of the newest amendment a chiropractor co-signed,
or the signed content. An LMT's amendment waits (CLINICAL.md, Scope of practice: an assistant's
note is forwarded to a licensed provider for co-signature); returned or superseded, it never
reaches the client. `plan_versions` gives the plan's history in the shape of any other
client-visible text (cosignature.AuthoredText), so the chiropractor's queue shows it with the
same word diff, flags and review steps.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.roles import Role
from kneecap.domain.care.errors import CareError, SigningError
from kneecap.domain.care.plan import CarePlan, PlanContent
from kneecap.domain.care.scope import require_permission
from kneecap.domain.clinical.cosignature import (
    AuthoredText,
    ReviewState,
    TextVersion,
    needs_cosignature,
    notice_for,
)
from kneecap.domain.clinical.scope_screen import ScreenResult, screen

WHO = {Role.LMT: "massage therapist", Role.CHIROPRACTOR: "chiropractor"}


def plan_key(plan_id: int) -> str:
    """The plan's name among client-visible texts (the co-signature queue's key)."""
    return f"care_plan.{plan_id}"


def signed_content(plan: CarePlan) -> PlanContent | None:
    """The content as the chiropractor signed it (None for a draft)."""
    if not plan.is_locked:
        return None
    return plan.amendments[0].before if plan.amendments else plan.content


def client_content(plan: CarePlan) -> PlanContent | None:
    """What the client sees: the newest co-signed amendment, else the signed content; nothing
    of a draft."""
    approved = [a for a in plan.amendments if a.state is ReviewState.APPROVED]
    return approved[-1].after if approved else signed_content(plan)


def client_plan(plan: CarePlan) -> CarePlan | None:
    """The plan as a client may receive it: the client content, no amendment history (its
    reasons and comments are the clinic's record); None for a draft."""
    content = client_content(plan)
    return None if content is None else replace(plan, content=content, amendments=())


def render_lines(content: PlanContent) -> tuple[str, ...]:
    """The plan's client-visible content as plain lines, for the diff and the scope screen."""
    goals = []
    for g in content.goals:
        target = f" (target {g.instrument} {g.target:g})" if g.instrument and g.target else ""
        by = f" by {g.by.isoformat()}" if g.by else ""
        goals.append(f"Goal: {g.description}{target}{by}")
    care = [f"Care: {m.describe()}" + (f" ({m.notes})" if m.notes else "")
            for m in content.modalities]  # fmt: skip
    visits = [
        f"Visit {v.on.isoformat()} with the {WHO.get(v.provider_role, v.provider_role.value)}"
        + (f": {v.purpose}" if v.purpose else "")
        for v in content.planned_visits
    ]
    return (*goals, *care, *visits)


def render(content: PlanContent) -> str:
    return "\n".join(render_lines(content))


def screen_changes(before: PlanContent, after: PlanContent) -> ScreenResult:
    """Screen only the lines an amendment adds or changes: text the chiropractor already
    signed is not flagged again."""
    old = set(render_lines(before))
    new = "\n".join(line for line in render_lines(after) if line not in old)
    return screen(new)


def plan_versions(plan: CarePlan) -> AuthoredText:
    """Version 1 is the signed plan (its author, co-signed by the signer); version n + 2 is
    amendment n. A draft has no versions: nothing of it is client-visible."""
    key = plan_key(plan.id)
    base = signed_content(plan)
    if base is None or plan.signed_at is None:
        return AuthoredText(key)
    versions = [
        TextVersion(1, render(base), plan.author_id, plan.author_role, plan.created_at,
                    ReviewState.APPROVED, reviewer_id=plan.signed_by, reviewed_at=plan.signed_at)
    ]  # fmt: skip
    for i, a in enumerate(plan.amendments):
        flags = screen_changes(a.before, a.after).reasons if needs_cosignature(a.by_role) else ()
        versions.append(
            TextVersion(
                i + 2,
                render(a.after),
                a.by_id,
                a.by_role,
                a.at,
                a.state,
                flags,
                reviewer_id=a.cosigned_by or a.returned_by,
                reviewed_at=a.cosigned_at or a.returned_at,
                comment=a.comment,
            )
        )
    return AuthoredText(key, tuple(versions))


def amendment_index(plan: CarePlan, version: int) -> int:
    """The amendment that is version `version` of the plan's history."""
    index = version - 2
    if not 0 <= index < len(plan.amendments):
        raise CareError(f"This plan has no amendment for version {version}; reload the page.")
    return index


def amendment_notice(plan: CarePlan) -> str:
    """What the author of the plan's newest amendment is told on saving it."""
    if not plan.amendments:
        return ""
    a = plan.amendments[-1]
    found = (
        screen_changes(a.before, a.after) if needs_cosignature(a.by_role) else ScreenResult("", ())
    )
    return notice_for(a.state, found)


def return_amendment(
    plan: CarePlan, index: int, *, by_id: str, by_role: Role, at: datetime, comment: str
) -> CarePlan:
    """Send an amendment that waits back to its author with a comment; the client keeps the
    last co-signed content."""
    require_permission(by_role, Action.CARE_PLAN_COSIGN_AMENDMENT)
    if not comment.strip():
        raise CareError("Say what to change: returning an amendment needs a comment.")
    if not 0 <= index < len(plan.amendments):
        raise CareError(f"This plan has no amendment number {index}.")
    amendment = plan.amendments[index]
    if not amendment.needs_cosign:
        raise SigningError(f"Amendment {index} is {amendment.state}, not awaiting co-signature.")
    back = replace(amendment, returned_by=by_id, returned_at=at, comment=comment.strip())
    return replace(plan, amendments=(*plan.amendments[:index], back, *plan.amendments[index + 1 :]))
