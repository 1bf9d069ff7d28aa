"""Every e-mail Kneecap sends, by name. No health data in any e-mail: a template may use only
the fields in ALLOWED (the clinic's name, the visit's time in the clinic's zone and whether
it is in person or online, and a link), so a diagnosis, a plan, a message's text or even the
type of visit can never be put into one. A message's text, a review or a questionnaire is
read after signing in, through the link. Not even the software's name is written into a
template (it names the knee).
"""

from __future__ import annotations

import string
from dataclasses import dataclass

# What a template may name. `link` is a sign-in (or one-time invitation) address.
ALLOWED = frozenset({"clinic", "when", "how", "link"})


class TemplateError(ValueError):
    pass


@dataclass(frozen=True)
class MailTemplate:
    name: str
    subject: str
    body: str
    invite: bool = False  # an iCalendar invite is attached (bookings)

    def fields(self) -> set[str]:
        names = set()
        for text in (self.subject, self.body):
            for _, field, _, _ in string.Formatter().parse(text):
                if field is not None:
                    names.add(field)
        return names

    def render(self, values: dict[str, str]) -> tuple[str, str]:
        missing = self.fields() - values.keys()
        if missing:
            raise TemplateError(f"{self.name} needs {sorted(missing)}")
        given = {k: v for k, v in values.items() if k in ALLOWED}
        return self.subject.format(**given), self.body.format(**given)


_FOOT = (
    "\n\nSign in to see the details: {link}\n\n"
    "For your privacy this e-mail holds no health information. If you did not expect it, "
    "you can ignore it.\n-- {clinic}"
)


def _t(name: str, subject: str, body: str, invite: bool = False) -> MailTemplate:
    return MailTemplate(name, subject, body + _FOOT, invite)


TEMPLATES: dict[str, MailTemplate] = {
    t.name: t
    for t in (
        _t(
            "appointment.booked",
            "Your visit at {clinic} is booked",
            "Hello,\n\nyour visit at {clinic} is booked for {when} ({how}). The calendar "
            "invite is attached.",
            invite=True,
        ),
        _t(
            "appointment.moved",
            "Your visit at {clinic} has moved",
            "Hello,\n\nyour visit at {clinic} has moved to {when} ({how}). The updated "
            "calendar invite is attached.",
            invite=True,
        ),
        _t(
            "appointment.cancelled",
            "Your visit at {clinic} is cancelled",
            "Hello,\n\nyour visit at {clinic} on {when} is cancelled. Sign in to book "
            "another time.",
            invite=True,
        ),
        _t(
            "appointment.reminder",
            "Reminder: your visit at {clinic}",
            "Hello,\n\na reminder of your visit at {clinic} on {when} ({how}).",
        ),
        _t(
            "message.new",
            "You have a new message from {clinic}",
            "Hello,\n\nyou have a new message from your care team at {clinic}.",
        ),
        _t(
            "form_review.ready",
            "Your running-form review from {clinic} is ready",
            "Hello,\n\nyour care team at {clinic} has finished reviewing your video.",
        ),
        _t(
            "questionnaire.due",
            "A questionnaire from {clinic} is due",
            "Hello,\n\n{clinic} asks you to fill in a short questionnaire.",
        ),
        _t(
            "invitation",
            "Your account at {clinic}",
            "Hello,\n\n{clinic} has made you an account. Use this one-time link to set your "
            "password (it expires in 7 days).",
        ),
    )
}


def template(name: str) -> MailTemplate:
    try:
        return TEMPLATES[name]
    except KeyError:
        raise TemplateError(f"no e-mail template named {name!r}") from None


def check_registry() -> None:
    """Every template names only allowed fields (run by the tests and at start-up)."""
    for t in TEMPLATES.values():
        extra = t.fields() - ALLOWED
        if extra:
            raise TemplateError(f"{t.name} names {sorted(extra)}: e-mails carry no health data")
