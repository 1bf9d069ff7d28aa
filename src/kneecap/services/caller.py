"""Who is calling a service, and from where (for the audit log)."""

from __future__ import annotations

from dataclasses import dataclass

from kneecap.domain.access.roles import Actor
from kneecap.services.errors import Invalid


@dataclass(frozen=True)
class Caller:
    actor: Actor
    address: str = "unknown"


def user_id_of(caller: Caller) -> int:
    """The acting user's id, for records that name who made them (the CLI's system actor
    has none)."""
    if caller.actor.user_id is None:
        raise Invalid("Clinical records need a named user; use --as EMAIL on the command line.")
    return caller.actor.user_id
