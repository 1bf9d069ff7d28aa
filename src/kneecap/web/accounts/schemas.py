"""JSON shape of the signed-in user (pydantic)."""

from __future__ import annotations

from pydantic import BaseModel

from kneecap.domain.accounts.entities import User


class MeOut(BaseModel):
    id: int
    email: str
    name: str
    role: str
    clinic_id: int
    client_id: int | None

    @classmethod
    def of(cls, u: User) -> MeOut:
        return cls(
            id=u.id,
            email=u.email,
            name=u.name,
            role=u.role.value,
            clinic_id=u.clinic_id,
            client_id=u.client_id,
        )
