"""JSON shapes of the appointments API. An open slot (SlotOut) is accepted as it is by
POST /api/v1/appointments (AppointmentIn has each of its fields), staff adding client_id."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from kneecap.domain.schedule.appointments import Appointment
from kneecap.domain.schedule.slots import Slot
from kneecap.web.params import RecordRef


def _local(at: datetime, tz: ZoneInfo) -> str:
    return at.astimezone(tz).isoformat()


class SlotOut(BaseModel):
    practitioner_id: int
    type: str
    mode: str
    starts_at: datetime  # UTC
    ends_at: datetime
    starts_local: str  # the same instant in the clinic's time zone
    time_zone: str

    @classmethod
    def of(cls, s: Slot, tz: ZoneInfo) -> SlotOut:
        return cls(
            practitioner_id=s.practitioner_id,
            type=s.kind.value,
            mode=s.mode.value,
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            starts_local=_local(s.starts_at, tz),
            time_zone=str(tz),
        )


class AppointmentIn(BaseModel):
    """A slot from /api/v1/availability, with client_id (staff; a client books for
    themselves). ends_at, starts_local and time_zone may come along; ends_at must agree."""

    model_config = ConfigDict(extra="forbid")
    client_id: RecordRef | None = None
    practitioner_id: RecordRef
    type: str = Field(max_length=40)
    starts_at: AwareDatetime
    mode: str | None = Field(default=None, max_length=20)
    ends_at: AwareDatetime | None = None
    starts_local: str | None = Field(default=None, max_length=64)
    time_zone: str | None = Field(default=None, max_length=64)
    video_link: str = Field(default="", max_length=500)
    plan_id: RecordRef | None = None


class AppointmentPatch(BaseModel):
    """Move an appointment (a new start, another practitioner) or change its video link."""

    model_config = ConfigDict(extra="forbid")
    starts_at: AwareDatetime | None = None
    practitioner_id: RecordRef | None = None
    video_link: str | None = Field(default=None, max_length=500)


class AppointmentOut(BaseModel):
    id: int
    client_id: int
    practitioner_id: int
    type: str
    type_label: str
    mode: str
    starts_at: datetime
    ends_at: datetime
    minutes: int
    starts_local: str
    time_zone: str
    state: str
    video_link: str
    plan_id: int | None

    @classmethod
    def of(cls, a: Appointment, tz: ZoneInfo) -> AppointmentOut:
        return cls(
            id=a.id,
            client_id=a.client_id,
            practitioner_id=a.practitioner_id,
            type=a.kind.value,
            type_label=a.kind.label,
            mode=a.mode.value,
            starts_at=a.starts_at,
            ends_at=a.ends_at,
            minutes=a.length // timedelta(minutes=1),
            starts_local=_local(a.starts_at, tz),
            time_zone=str(tz),
            state=a.state.value,
            video_link=a.video_link,
            plan_id=a.plan_id,
        )
