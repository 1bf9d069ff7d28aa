"""Helpers the services use, inside their own unit of work, to keep client-visible text as
versions with their author (domain/clinical/cosignature.py) and to read what the client sees.

What a clinician saves stays the clinic's working copy where it always was (the client record,
the intake, the programme, the analysis); the versions decide what reaches the client. A client's
own words and a chiropractor's are approved as written; an LMT's wait for co-signature.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from kneecap.domain.clinical import cosignature
from kneecap.domain.clinical.cosignature import AuthoredText, Submission
from kneecap.ports.texts import TextUnitOfWork
from kneecap.services.caller import Caller, user_id_of
from kneecap.services.refusals import refusals


def submit_text(
    uow: TextUnitOfWork,
    caller: Caller,
    clinic_id: int,
    client_id: int,
    key: str,
    body: str,
    now: datetime,
) -> Submission:
    """Add the caller's version of the text at `key` (no version when it is unchanged)."""
    stored = uow.texts.get(key, for_update=True)
    text = stored.text if stored is not None else AuthoredText(key)
    with refusals():
        done = cosignature.submit(
            text,
            body,
            author_id=str(user_id_of(caller)),
            author_role=caller.actor.role,
            now=now,
        )
    if done.text is not text:
        uow.texts.save(clinic_id, client_id, done.text)
    return done


def approved_text(uow: TextUnitOfWork, key: str) -> str | None:
    """What the client sees at `key`: the newest co-signed version, None when there is none."""
    stored = uow.texts.get(key)
    return stored.text.client_text if stored is not None else None


def shown_to_client(uow: TextUnitOfWork, key: str, working: str) -> str:
    """The client's text at `key`; a working copy never versioned (stored before co-signature
    existed, or by a role that needs none) stands as it is, "" where an LMT's waits."""
    stored = uow.texts.get(key)
    if stored is None:
        return working
    return stored.text.client_text or ""


def split_list(text: str) -> tuple[str, ...]:
    """A list kept as one text ("running, cycling") back as items."""
    return tuple(s.strip() for s in text.split(",") if s.strip())


def join_list(items: Sequence[str]) -> str:
    return ", ".join(items)
