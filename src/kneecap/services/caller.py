"""Who is calling a service, and from where (for the audit log)."""

from __future__ import annotations

from dataclasses import dataclass

from kneecap.domain.access.roles import Actor


@dataclass(frozen=True)
class Caller:
    actor: Actor
    address: str = "unknown"
