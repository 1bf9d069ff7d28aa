"""Client-visible clinical text and its co-signature (pure: the service persists the values).

An LMT may inform the plan and pass findings on but cannot give a client a diagnosis
(CLINICAL.md, Scope of practice; patterns from practice software: an assistant's note is
forwarded to a licensed provider for co-signature). So every piece of text a client can see
(record fields, plan goals and amendments, visit purposes, hand-outs, gait cues) is kept as
versions with their author, and what an LMT wrote reaches the client only once a chiropractor
has co-signed it; until then the client sees the last co-signed version, or nothing.

Who needs a co-signature and who may give it is read from the one permission table: a role
that records findings but may not record a diagnosis (the LMT) needs it; a role that may
record a diagnosis (the chiropractor) gives it. Conversation is not clinical record: an LMT's
message goes out at once unless the scope screen finds a diagnosis in it, and is then held.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.roles import Role
from kneecap.domain.clinical.errors import ClinicalError
from kneecap.domain.clinical.scope import permissions_for
from kneecap.domain.clinical.scope_screen import ScreenResult, screen


class CoSignatureError(ClinicalError):
    """A co-signature step that is not allowed; the message says why and what to do."""


class ReviewState(StrEnum):
    PENDING = "pending"  # written by a role that needs a co-signature, not reviewed yet
    APPROVED = "approved"  # co-signed, or written by a role that needs none
    RETURNED = "returned"  # sent back to its author with a comment
    SUPERSEDED = "superseded"  # replaced by a newer version before anyone reviewed it


def needs_cosignature(role: Role | str) -> bool:
    held = permissions_for(role)
    return Action.FINDINGS_RECORD in held and Action.DIAGNOSIS_RECORD not in held


def may_cosign(role: Role | str) -> bool:
    return Action.DIAGNOSIS_RECORD in permissions_for(role)


def may_author(role: Role | str) -> bool:
    """Clients write their own words (goals, intake); the admin writes no clinical text."""
    return Action.INTAKE_RECORD in permissions_for(role)


@dataclass(frozen=True)
class TextVersion:
    number: int  # 1, 2, ... within one AuthoredText
    text: str
    author_id: str
    author_role: Role
    written_at: datetime
    state: ReviewState
    flags: tuple[str, ...] = ()  # the scope screen's reasons when it was written
    reviewer_id: str | None = None
    reviewed_at: datetime | None = None
    comment: str = ""  # the reviewer's comment (required when returned)


@dataclass(frozen=True)
class AuthoredText:
    """One piece of client-visible clinical text, every version of it, oldest first."""

    key: str  # where it shows, named by the service (e.g. "care_plan/7/goal/0")
    versions: tuple[TextVersion, ...] = ()

    @property
    def latest(self) -> TextVersion | None:
        return self.versions[-1] if self.versions else None

    @property
    def client_version(self) -> TextVersion | None:
        """What the client sees: the newest approved version (None: nothing yet)."""
        return next((v for v in reversed(self.versions) if v.state is ReviewState.APPROVED), None)

    @property
    def client_text(self) -> str | None:
        v = self.client_version
        return None if v is None else v.text

    @property
    def pending(self) -> TextVersion | None:
        return next((v for v in self.versions if v.state is ReviewState.PENDING), None)

    def version(self, number: int) -> TextVersion:
        for v in self.versions:
            if v.number == number:
                return v
        raise CoSignatureError(f"{self.key} has no version {number}; reload and try again.")


@dataclass(frozen=True)
class Submission:
    text: AuthoredText
    version: TextVersion
    notice: str  # what the author is told on saving
    screen: ScreenResult


AWAITS_COSIGN = (
    "Saved. The chiropractor co-signs this before the client sees it; until then the client "
    "sees the last co-signed version."
)
LIVE = "Saved; the client sees it now."


def notice_for(state: ReviewState, found: ScreenResult) -> str:
    """What the author is told on saving a version in `state` that the screen read as `found`."""
    if state is ReviewState.APPROVED:
        return LIVE
    if not found.flagged:
        return AWAITS_COSIGN
    return (
        f"{AWAITS_COSIGN} It names a diagnosis ({'; '.join(found.reasons)}), which only the "
        "chiropractor may give; they will see why it was flagged."
    )


def submit(
    text: AuthoredText, body: str, *, author_id: str, author_role: Role | str, now: datetime
) -> Submission:
    """Add a version; an unchanged text adds none. A newer version supersedes a pending one."""
    if not may_author(author_role):
        raise CoSignatureError(f"A {author_role} does not write clinical text for clients.")
    if now.tzinfo is None:
        raise CoSignatureError("The time of writing must carry a time zone.")
    body = body.strip()
    role = Role(str(author_role))
    cosign = needs_cosignature(role)
    found = screen(body) if cosign else ScreenResult(body, ())
    latest = text.latest
    if latest is not None and latest.text == body and latest.state is not ReviewState.RETURNED:
        return Submission(text, latest, "No change.", found)
    state = ReviewState.PENDING if cosign else ReviewState.APPROVED
    number = (latest.number if latest else 0) + 1
    new = TextVersion(number, body, author_id, role, now, state, found.reasons)
    kept = tuple(
        replace(v, state=ReviewState.SUPERSEDED) if v.state is ReviewState.PENDING else v
        for v in text.versions
    )
    return Submission(replace(text, versions=(*kept, new)), new, notice_for(state, found), found)


def _review(
    text: AuthoredText,
    number: int,
    reviewer_id: str,
    reviewer_role: Role | str,
    now: datetime,
    state: ReviewState,
    comment: str,
) -> AuthoredText:
    if not may_cosign(reviewer_role):
        raise CoSignatureError(
            f"A {reviewer_role} may not co-sign: only the chiropractor reviews an LMT's text."
        )
    v = text.version(number)
    if v.state is not ReviewState.PENDING:
        raise CoSignatureError(
            f"Version {number} of {text.key} is {v.state}, not awaiting co-signature."
        )
    done = replace(v, state=state, reviewer_id=reviewer_id, reviewed_at=now, comment=comment)
    return replace(text, versions=tuple(done if x.number == number else x for x in text.versions))


def approve(
    text: AuthoredText,
    number: int,
    *,
    reviewer_id: str,
    reviewer_role: Role | str,
    now: datetime,
    comment: str = "",
) -> AuthoredText:
    """Co-sign a pending version: from now on it is what the client sees."""
    return _review(
        text, number, reviewer_id, reviewer_role, now, ReviewState.APPROVED, comment.strip()
    )


def return_to_author(
    text: AuthoredText,
    number: int,
    *,
    reviewer_id: str,
    reviewer_role: Role | str,
    now: datetime,
    comment: str,
) -> AuthoredText:
    """Send a pending version back with a comment; the client keeps the last approved one."""
    if not comment.strip():
        raise CoSignatureError("Say what to change: returning a text needs a comment.")
    return _review(
        text, number, reviewer_id, reviewer_role, now, ReviewState.RETURNED, comment.strip()
    )


@dataclass(frozen=True)
class DiffChunk:
    op: str  # "equal", "insert" or "delete"
    text: str


def word_diff(old: str, new: str) -> tuple[DiffChunk, ...]:
    """Word-level changes from `old` to `new`, for the co-signer to read at a glance."""
    a, b = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    out: list[DiffChunk] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag in ("equal", "delete", "replace") and i2 > i1:
            out.append(DiffChunk("equal" if tag == "equal" else "delete", "".join(a[i1:i2])))
        if tag in ("insert", "replace") and j2 > j1:
            out.append(DiffChunk("insert", "".join(b[j1:j2])))
    return tuple(out)


@dataclass(frozen=True)
class QueueItem:
    key: str
    version: TextVersion
    client_sees: TextVersion | None  # the last approved version, what the diff is against
    diff: tuple[DiffChunk, ...]

    @property
    def flagged(self) -> bool:
        return bool(self.version.flags)


def cosign_queue(texts: Iterable[AuthoredText]) -> tuple[QueueItem, ...]:
    """Everything awaiting the chiropractor: flagged texts first, then the oldest first."""
    items = []
    for t in texts:
        pending = t.pending
        if pending is None:
            continue
        shown = t.client_version
        items.append(QueueItem(t.key, pending, shown, word_diff(shown.text if shown else "",
                                                               pending.text)))  # fmt: skip
    return tuple(sorted(items, key=lambda i: (not i.flagged, i.version.written_at, i.key)))


@dataclass(frozen=True)
class MessageRelease:
    send_now: bool
    screen: ScreenResult
    notice: str  # for the sender


def release_message(body: str, author_role: Role | str) -> MessageRelease:
    """A message to a client goes out at once, unless an LMT's message names a diagnosis."""
    if not needs_cosignature(author_role):
        return MessageRelease(True, ScreenResult(body, ()), "Sent.")
    found = screen(body)
    if not found.flagged:
        return MessageRelease(True, found, "Sent.")
    return MessageRelease(
        False,
        found,
        "Held for the chiropractor: the message names a diagnosis "
        f"({'; '.join(found.reasons)}), which only the chiropractor may give. It goes out once "
        "they approve it.",
    )
