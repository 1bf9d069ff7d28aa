"""Demo clinic day: the LMT and the chiropractor work weekdays 09:00–17:00 (lunch 12–13)."""

from __future__ import annotations

from datetime import time

from kneecap.demo.clinic import DemoExtension, DemoSeed
from kneecap.domain.schedule.hours import HoursBlock
from kneecap.services.accounts import AccountService
from kneecap.services.appointments import AppointmentService
from kneecap.services.caller import Caller

WEEKDAY_HOURS = [
    HoursBlock(d, start, end)
    for d in range(5)
    for start, end in ((time(9), time(12)), (time(13), time(17)))
]


def schedule_demo(accounts: AccountService, appointments: AppointmentService) -> DemoExtension:
    def seed(seed: DemoSeed, chiro: Caller) -> None:
        for email in ("lmt@demo.test", "chiro@demo.test"):
            user = accounts.user_by_email(email)
            if user is not None:
                appointments.set_hours(chiro, user.id, WEEKDAY_HOURS)

    return seed
