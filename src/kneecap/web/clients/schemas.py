"""JSON shapes of the clients API (pydantic), kept apart from the domain dataclasses."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from kneecap.domain.clients.record import ClientDetails, ClientRecord


class ClientIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    date_of_birth: date | None = None
    email: str | None = None
    phone: str | None = None
    sports: list[str] = Field(default_factory=list)
    weekly_running_km: float | None = None
    goals: str = ""

    def details(self) -> ClientDetails:
        return ClientDetails(
            name=self.name,
            date_of_birth=self.date_of_birth,
            email=self.email,
            phone=self.phone,
            sports=tuple(self.sports),
            weekly_running_km=self.weekly_running_km,
            goals=self.goals,
        )


class ClientOut(BaseModel):
    id: int
    name: str
    date_of_birth: date | None
    email: str | None
    phone: str | None
    sports: list[str]
    weekly_running_km: float | None
    goals: str
    has_portal_account: bool
    # After a change: what the author is told, e.g. that the goals go to the chiropractor
    # first (and why, when the scope screen flagged them).
    notices: list[str] = Field(default_factory=list)

    @classmethod
    def of(cls, r: ClientRecord, notices: tuple[str, ...] = ()) -> ClientOut:
        d = r.details
        return cls(
            id=r.id,
            name=d.name,
            date_of_birth=d.date_of_birth,
            email=d.email,
            phone=d.phone,
            sports=list(d.sports),
            weekly_running_km=d.weekly_running_km,
            goals=d.goals,
            has_portal_account=r.user_id is not None,
            notices=list(notices),
        )


class ClientList(BaseModel):
    clients: list[ClientOut]
    total: int
    limit: int
    offset: int
