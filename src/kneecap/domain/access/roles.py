"""Roles a user holds in one clinic, and who is acting."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    CLIENT = "client"
    LMT = "lmt"
    CHIROPRACTOR = "chiropractor"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return {
            Role.CLIENT: "Client",
            Role.LMT: "Licensed massage therapist",
            Role.CHIROPRACTOR: "Chiropractor",
            Role.ADMIN: "Clinic admin",
        }[self]

    @property
    def is_practitioner(self) -> bool:
        return self in (Role.LMT, Role.CHIROPRACTOR)


@dataclass(frozen=True)
class Actor:
    """Who is asking. `client_id` is set for clients: the one record that is theirs.

    The command line acts as a `system` actor for one clinic (setting up accounts); it has no
    user id and holds the admin role there.
    """

    user_id: int | None
    clinic_id: int
    role: Role
    email: str
    client_id: int | None = None
    system: bool = False

    @classmethod
    def system_for(cls, clinic_id: int) -> Actor:
        return cls(user_id=None, clinic_id=clinic_id, role=Role.ADMIN, email="cli", system=True)

    @property
    def label(self) -> str:
        return "command line" if self.system else self.email
