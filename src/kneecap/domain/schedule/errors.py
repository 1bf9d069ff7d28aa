"""Refusals of the scheduling rules; each message says what to do instead."""

from __future__ import annotations


class ScheduleError(ValueError):
    """Bad scheduling input (a time outside the hours, a length off the grid, a bad zone)."""


class SlotTaken(Exception):
    """The practitioner already has an appointment at that time (the database said so)."""

    def __init__(self) -> None:
        super().__init__("That time was just booked by someone else: choose another open slot.")


class ClientBusy(SlotTaken):
    """The client already has a visit at that time, with this or another practitioner."""

    def __init__(self) -> None:
        Exception.__init__(
            self, "The client already has a visit at that time: choose another open slot."
        )


class TooLate(ScheduleError):
    """A client change inside the clinic's notice period."""
