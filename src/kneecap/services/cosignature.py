"""The chiropractor's co-signature queue: every client-visible text an LMT wrote, with the word
diff against what the client sees now, scope-screen flags first; approve or return it.

Two kinds of source: versioned texts (the text store: record goals and sports, the intake goal,
programme notes, PSFS activities, running-form cues, held messages) and care-plan amendments
(kept in the plan, shown as versions by plan_review.plan_versions). Approving running-form cues
releases the analysis with them. Every call passes the gate (COSIGN_REVIEW, chiropractor only).

For messages to clients (conversation, not record): `hold_message` is the one call a messages
service makes inside its own unit of work. An LMT's message goes out at once unless the scope
screen flags it; a flagged one is kept as a pending version under MESSAGE.key(message_id), the
caller is told why, and once the chiropractor approves it the listener registered for "message"
is called (after the approval is committed) to send it; `approved_text(uow, key)` is then set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource
from kneecap.domain.care.plan import cosign_amendment
from kneecap.domain.care.plan_review import (
    amendment_index,
    plan_key,
    plan_versions,
    return_amendment,
)
from kneecap.domain.clients.record import ClientRecord
from kneecap.domain.clinical import cosignature
from kneecap.domain.clinical.cosignature import (
    AuthoredText,
    MessageRelease,
    QueueItem,
    ReviewState,
    TextVersion,
    cosign_queue,
    release_message,
)
from kneecap.ports.security import Clock
from kneecap.ports.texts import (
    ReviewUnitOfWork,
    ReviewUnitOfWorkFactory,
    StoredText,
    TextUnitOfWork,
)
from kneecap.services.authz import Gate
from kneecap.services.caller import Caller, user_id_of
from kneecap.services.errors import Conflict, Invalid, NotFound
from kneecap.services.gait import cues_of, release_now
from kneecap.services.refusals import refusals
from kneecap.services.text_keys import (
    CARE_PLAN,
    GAIT_CUES,
    MESSAGE,
    TextKind,
    parse_key,
    parse_version_id,
    version_id,
)

# Called once an approval is committed, by text kind name (e.g. "message": send it now).
ReleaseListener = Callable[[StoredText, TextVersion], None]


@dataclass(frozen=True)
class QueueEntry:
    id: str  # "<key>.v<number>", what the API and the forms name
    kind: TextKind
    owner_id: int  # the record the text belongs to (client, plan, programme, analysis, ...)
    client: ClientRecord
    item: QueueItem  # the waiting version, what the client sees now, the word diff
    author_name: str


@dataclass(frozen=True)
class Reviewed:
    entry_id: str
    state: ReviewState
    released: bool  # running-form cues: the analysis went to the client with them


def hold_message(
    uow: TextUnitOfWork,
    caller: Caller,
    clinic_id: int,
    client_id: int,
    message_id: int,
    body: str,
    now: datetime,
) -> MessageRelease:
    """Screen a message to a client before it goes out (see the module's note); the caller's
    own gate check must have allowed the message."""
    outcome = release_message(body, caller.actor.role)
    if not outcome.send_now:
        text = AuthoredText(MESSAGE.key(message_id))
        with refusals():
            held = cosignature.submit(
                text, body, author_id=str(user_id_of(caller)), author_role=caller.actor.role,
                now=now,
            )  # fmt: skip
        uow.texts.save(clinic_id, client_id, held.text)
    return outcome


class CoSignatureService:
    def __init__(
        self,
        uow_factory: ReviewUnitOfWorkFactory,
        gate: Gate,
        clock: Clock,
        listeners: Mapping[str, ReleaseListener] | None = None,
    ) -> None:
        self._uow = uow_factory
        self._gate = gate
        self._clock = clock
        self._listeners = dict(listeners or {})

    # --- the queue ----------------------------------------------------------------------
    def queue(self, caller: Caller) -> list[QueueEntry]:
        """Everything waiting in the caller's clinic: flagged first, then the oldest."""
        clinic_id = caller.actor.clinic_id
        with self._uow() as uow:
            where = Resource("cosign_queue", clinic_id)
            self._gate.check(uow, caller, Action.COSIGN_REVIEW, where)
            waiting = uow.texts.pending(clinic_id)
            owners = {s.text.key: s.client_id for s in waiting}
            texts = [s.text for s in waiting]
            for plan in uow.care.amended_plans(clinic_id):
                if any(a.needs_cosign for a in plan.amendments):
                    texts.append(plan_versions(plan))
                    owners[plan_key(plan.id)] = plan.client_id
            names = _Names(uow, owners.values())
            entries = [self._entry(uow, owners[i.key], i, names) for i in cosign_queue(texts)]
            self._gate.record(
                uow, caller, Action.COSIGN_REVIEW, where, f"queue: {len(entries)} waiting"
            )
            uow.commit()
        return entries

    def entry(self, caller: Caller, entry_id: str) -> QueueEntry:
        """One waiting version (or one reviewed since: its page after a decision)."""
        with self._uow() as uow:
            client_id, text, number = self._find(uow, caller, entry_id)
            version = text.version(number)
            shown = _shown_before(text, number)
            diff = cosignature.word_diff(shown.text if shown else "", version.text)
            entry = self._entry(uow, client_id, QueueItem(text.key, version, shown, diff))
            uow.commit()
        return entry

    def approve(self, caller: Caller, entry_id: str, comment: str = "") -> Reviewed:
        """Co-sign: the client sees this version from now on (cues: released with it)."""
        now = self._clock.now()
        released = False
        with self._uow() as uow:
            kind, owner, _, number = parse_version_id(entry_id)
            client_id, text, _ = self._find(uow, caller, entry_id, waiting=True)
            reviewer = str(user_id_of(caller))
            if kind is CARE_PLAN:
                plan = uow.care.get_plan(owner)
                assert plan is not None  # found by _find
                with refusals():
                    index = amendment_index(plan, number)
                    plan = cosign_amendment(
                        plan, index, by_id=reviewer, by_role=caller.actor.role, at=now,
                        comment=comment,
                    )  # fmt: skip
                uow.care.update_plan(plan)
                stored = StoredText(caller.actor.clinic_id, client_id, plan_versions(plan))
            else:
                with refusals():
                    done = cosignature.approve(
                        text, number, reviewer_id=reviewer, reviewer_role=caller.actor.role,
                        now=now, comment=comment,
                    )  # fmt: skip
                uow.texts.save(caller.actor.clinic_id, client_id, done)
                stored = StoredText(caller.actor.clinic_id, client_id, done)
                if kind is GAIT_CUES:
                    released = self._release_cues(uow, caller, owner, done.version(number), now)
            self._audit(uow, caller, client_id, "cosign.approved", entry_id)
            uow.commit()
        listener = self._listeners.get(kind.name)
        if listener is not None:
            listener(stored, stored.text.version(number))
        return Reviewed(entry_id, ReviewState.APPROVED, released)

    def return_to_author(self, caller: Caller, entry_id: str, comment: str) -> Reviewed:
        """Send it back with a comment; the client keeps what they saw."""
        if not comment.strip():
            raise Invalid("Say what to change: returning a text needs a comment.",
                          {"comment": "Write what the author should change."})  # fmt: skip
        now = self._clock.now()
        with self._uow() as uow:
            kind, owner, _, number = parse_version_id(entry_id)
            client_id, text, _ = self._find(uow, caller, entry_id, waiting=True)
            reviewer = str(user_id_of(caller))
            if kind is CARE_PLAN:
                plan = uow.care.get_plan(owner)
                assert plan is not None
                with refusals():
                    plan = return_amendment(
                        plan, amendment_index(plan, number), by_id=reviewer,
                        by_role=caller.actor.role, at=now, comment=comment,
                    )  # fmt: skip
                uow.care.update_plan(plan)
            else:
                with refusals():
                    back = cosignature.return_to_author(
                        text, number, reviewer_id=reviewer, reviewer_role=caller.actor.role,
                        now=now, comment=comment,
                    )  # fmt: skip
                uow.texts.save(caller.actor.clinic_id, client_id, back)
            self._audit(uow, caller, client_id, "cosign.returned", entry_id)
            uow.commit()
        return Reviewed(entry_id, ReviewState.RETURNED, False)

    def texts_for(self, caller: Caller, client_id: int) -> dict[str, AuthoredText]:
        """A client's versioned texts by key, for the clinicians' pages to say what waits, what
        came back and why (never for the client: COSIGN_STATUS)."""
        with self._uow() as uow:
            self._gate.client(
                uow, caller, Action.COSIGN_STATUS, client_id, kind="client_text", audit=False
            )
            found = {s.text.key: s.text for s in uow.texts.for_client(client_id)}
            for plan in uow.care.plans_for(client_id):
                if plan.amendments:
                    found[plan_key(plan.id)] = plan_versions(plan)
            uow.commit()
        return found

    # --- internals ----------------------------------------------------------------------
    def _find(
        self, uow: ReviewUnitOfWork, caller: Caller, entry_id: str, waiting: bool = False
    ) -> tuple[int, AuthoredText, int]:
        """(client id, the text, version number) once the gate allowed it; another clinic's
        text reads as missing."""
        kind, owner, key, number = parse_version_id(entry_id)
        if kind is CARE_PLAN:
            plan = uow.care.get_plan(owner)
            client_id = plan.client_id if plan is not None else -1
            text = plan_versions(plan) if plan is not None else AuthoredText(key)
        else:
            stored = uow.texts.get(key, for_update=True)
            client_id = stored.client_id if stored is not None else -1
            text = stored.text if stored is not None else AuthoredText(key)
        # A missing client id is checked as a record of no clinic: the same NotFound.
        self._gate.client(
            uow, caller, Action.COSIGN_REVIEW, client_id, kind="client_text", audit=False
        )
        if not any(v.number == number for v in text.versions):
            raise NotFound("That text")
        state = text.version(number).state
        if waiting and state is not ReviewState.PENDING:
            raise Conflict(f"This version is {state}, not awaiting co-signature; reload the queue.")
        return client_id, text, number

    def _entry(
        self,
        uow: ReviewUnitOfWork,
        client_id: int,
        item: QueueItem,
        names: _Names | None = None,
    ) -> QueueEntry:
        kind, owner = parse_key(item.key)
        names = names or _Names(uow)
        author = item.version.author_id
        return QueueEntry(
            version_id(item.key, item.version.number),
            kind,
            owner,
            names.client(client_id),
            item,
            names.user(author) or item.version.author_role.label,
        )

    def _release_cues(
        self,
        uow: ReviewUnitOfWork,
        caller: Caller,
        analysis_id: int,
        version: TextVersion,
        now: datetime,
    ) -> bool:
        """Approved cues go to the runner: release the analysis with them."""
        analysis = uow.gait.analysis(analysis_id)
        if analysis is None or analysis.released or not analysis.ready:
            return False
        res = Resource("gait_analysis", analysis.clinic_id, analysis.client_id, id=analysis.id)
        self._gate.check(uow, caller, Action.GAIT_RELEASE, res, audit=False)
        release_now(uow, caller, analysis, cues_of(version.text, analysis.feedback), now)
        self._gate.record(uow, caller, Action.GAIT_RELEASE, res, "co-signed cues")
        return True

    def _audit(
        self, uow: ReviewUnitOfWork, caller: Caller, client_id: int, what: str, entry_id: str
    ) -> None:
        res = Resource("client_text", caller.actor.clinic_id, client_id=client_id)
        self._gate.record(uow, caller, what, res, entry_id)


class _Names:
    """Clients and authors looked up once per queue, however many of their texts wait."""

    def __init__(self, uow: ReviewUnitOfWork, client_ids: Iterable[int] = ()) -> None:
        self._uow = uow
        # a queue's clients in one read, not one per client (a backlog of 100 texts was 50)
        wanted = set(client_ids)
        found = uow.clients.many(wanted) if wanted else ()
        self._clients: dict[int, ClientRecord] = {c.id: c for c in found}
        self._users: dict[str, str | None] = {}

    def client(self, client_id: int) -> ClientRecord:
        if client_id not in self._clients:
            found = self._uow.clients.get(client_id)
            assert found is not None  # texts and plans belong to a stored client
            self._clients[client_id] = found
        return self._clients[client_id]

    def user(self, user_id: str) -> str | None:
        if user_id not in self._users:
            found = self._uow.users.get(int(user_id)) if user_id.isdecimal() else None
            self._users[user_id] = found.name if found else None
        return self._users[user_id]


def _shown_before(text: AuthoredText, number: int) -> TextVersion | None:
    """What the client saw when version `number` was written: the newest approved before it."""
    earlier = [v for v in text.versions if v.number < number and v.state is ReviewState.APPROVED]
    return earlier[-1] if earlier else None
