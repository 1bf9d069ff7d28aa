"""The appointment types a clinic books, their lengths and how they are held.

Lengths are the clinic's defaults, not a clinical rule. Every length is a whole number of
grid steps (GRID), so the database can hold one lock row per step a visit covers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from kneecap.domain.schedule.errors import ScheduleError

GRID = timedelta(minutes=5)  # start times and lengths are multiples of this


class Mode(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"

    @property
    def label(self) -> str:
        return {Mode.IN_PERSON: "in person", Mode.ONLINE: "online (video call)"}[self]


class AppointmentKind(StrEnum):
    ASSESSMENT = "assessment"
    FOLLOW_UP = "follow_up"
    MASSAGE = "massage"
    ADJUSTMENT = "adjustment"
    FORM_REVIEW = "online_form_review"

    @property
    def label(self) -> str:
        return KINDS[self].label

    @property
    def length(self) -> timedelta:
        return KINDS[self].length


@dataclass(frozen=True)
class KindInfo:
    label: str
    length: timedelta
    mode: Mode  # the default; a follow-up may also be held online
    modes: frozenset[Mode]


_BOTH = frozenset(Mode)
KINDS: dict[AppointmentKind, KindInfo] = {
    AppointmentKind.ASSESSMENT: KindInfo(
        "Assessment", timedelta(minutes=60), Mode.IN_PERSON, frozenset({Mode.IN_PERSON})
    ),
    AppointmentKind.FOLLOW_UP: KindInfo("Follow-up", timedelta(minutes=30), Mode.IN_PERSON, _BOTH),
    AppointmentKind.MASSAGE: KindInfo(
        "Massage", timedelta(minutes=60), Mode.IN_PERSON, frozenset({Mode.IN_PERSON})
    ),
    AppointmentKind.ADJUSTMENT: KindInfo(
        "Adjustment", timedelta(minutes=20), Mode.IN_PERSON, frozenset({Mode.IN_PERSON})
    ),
    AppointmentKind.FORM_REVIEW: KindInfo(
        "Online form review", timedelta(minutes=30), Mode.ONLINE, frozenset({Mode.ONLINE})
    ),
}


def parse_kind(value: str) -> AppointmentKind:
    try:
        return AppointmentKind(value)
    except ValueError:
        names = ", ".join(k.value for k in AppointmentKind)
        raise ScheduleError(f"Unknown appointment type {value!r}: use one of {names}.") from None


def mode_for(kind: AppointmentKind, mode: str | None) -> Mode:
    """The mode asked for (or the type's default), if the type may be held that way."""
    info = KINDS[kind]
    if mode is None or mode == "":
        return info.mode
    try:
        chosen = Mode(mode)
    except ValueError:
        raise ScheduleError(f"Unknown mode {mode!r}: use in_person or online.") from None
    if chosen not in info.modes:
        raise ScheduleError(f"A {info.label.lower()} cannot be held {chosen.label}.")
    return chosen


def check_video_link(link: str) -> str:
    """An online visit's link must be an https address (no script or mail links)."""
    link = link.strip()
    if link and (not link.startswith("https://") or len(link) > 500 or " " in link):
        raise ScheduleError("A video-call link must be an https:// address of at most 500 chars.")
    return link
