"""E-mail notifications other features call, sent as jobs, and the reminder sweep.

Every e-mail is first kept in the outbox (its key makes it once only), then a "mail.send"
job delivers it: retried by the sweep while attempts are left, requeued after a restart like
every job, and held in the outbox (shown on the outbox page) when no mail server is set.
One job sends a mail (a conditional claim); the sweep also gives a job to a mail that never
got one and sends again one a stopped app left half-sent (ORPHAN_AFTER, STALLED_AFTER).
No health data goes into any e-mail (domain.notify.templates): only the clinic's name, a
time, whether the visit is in person or online, and a link to sign in.

The sweep (a scheduled task of the job runner, once per tick across the processes that run
jobs, never by a page view) enqueues
each due reminder once: the appointment's reminded_at is set by a conditional update, and the
mail's key is unique, so two sweeps at once send one reminder.

The other mails are "something waits for you" notices: a message the care team sent (once it
is out, so after any co-signature hold), a released running-form review, and a questionnaire
due on the outcome schedule (its own scheduled task, once per due date by the mail's key).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from typing import Any, Protocol

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource
from kneecap.domain.access.roles import Actor, Role
from kneecap.domain.gait.review import GaitAnalysisRecord
from kneecap.domain.jobs import Job, JobFailed
from kneecap.domain.messages.thread import Message
from kneecap.domain.notify.templates import template
from kneecap.domain.outcomes.schedule import next_due
from kneecap.domain.schedule.appointments import Appointment
from kneecap.domain.schedule.zone import to_local, zone
from kneecap.ports.care import CareUnitOfWork
from kneecap.ports.mail import InviteMaker, Mail, MailFailed, MailSender, MailUnitOfWork
from kneecap.ports.schedule import ScheduleUnitOfWork
from kneecap.ports.security import Clock
from kneecap.services.authz import Gate
from kneecap.services.caller import Caller

log = logging.getLogger("kneecap.mail")

SEND_JOB = "mail.send"
MAX_ATTEMPTS = 5
REMINDER_HORIZON = timedelta(days=30)  # the longest reminder period a clinic may set
# A due date older than this is not mailed about (after a long stop, or for a schedule that
# ran out long ago): the portal still shows it overdue. A clinic's choice, not a clinical rule.
QUESTIONNAIRE_LATE = timedelta(days=7)
QUESTIONNAIRE_EVERY_S = 3600  # the questionnaire sweep: due dates change by the day

# A send job is stored right after its mail commits. The app can stop in between (a mail
# with no job) or while a job talks to the mail server (a mail left "sending"); the sweep
# finds both after these waits, far longer than either step takes (SMTP times out in 30 s).
ORPHAN_AFTER = timedelta(minutes=5)
STALLED_AFTER = timedelta(minutes=15)
STALLED = "The app stopped while sending this e-mail; it is sent again (it may arrive twice)."

Submit = Callable[[str, dict[str, Any], int], Job]  # kind, payload, clinic id


class NotifyUnitOfWork(MailUnitOfWork, ScheduleUnitOfWork, CareUnitOfWork, Protocol):
    """The outbox, the appointments reminders are swept from, and the care plans and
    outcomes the questionnaire schedule is read from."""


class NotifyUnitOfWorkFactory(Protocol):
    def __call__(self) -> NotifyUnitOfWork: ...


def _questionnaire_key(client_id: int, on: date) -> str:
    return f"questionnaire.due:{client_id}:{on.isoformat()}"


def _system(clinic_id: int) -> Caller:
    return Caller(Actor.system_for(clinic_id), "mail")


class NotifyService:
    def __init__(
        self,
        uow_factory: NotifyUnitOfWorkFactory,
        gate: Gate,
        clock: Clock,
        invites: InviteMaker,
        sender: MailSender | None,
        *,
        base_url: str,
        from_address: str,
    ) -> None:
        self._uow = uow_factory
        self._gate = gate
        self._clock = clock
        self._invites = invites
        self._sender = sender
        self._base = base_url.rstrip("/")
        self._from = from_address
        self._submit: Submit | None = None

    def submit_with(self, submit: Submit) -> None:
        """Where mails go to be sent (the job service; set once it is built)."""
        self._submit = submit

    @property
    def delivering(self) -> bool:
        """True when a mail server is set; otherwise mail waits in the outbox."""
        return self._sender is not None

    # --- what other features call -------------------------------------------------------

    def notify_client(
        self,
        caller: Caller,
        client_id: int,
        name: str,
        key: str,
        *,
        when: str = "",
        how: str = "",
        invite: str = "",
    ) -> Mail | None:
        """E-mail a client one of the registry's templates ("message.new",
        "form_review.ready", "questionnaire.due", …), once per key. None when the client has
        no address or a mail with that key was made already."""
        t = template(name)
        with self._uow() as uow:
            record = self._gate.client(
                uow, caller, Action.CLIENT_READ, client_id, detail=f"e-mail {name}"
            )
            accounts = uow.users.for_client(record.id)
            to = accounts[0].email if accounts else (record.details.email or "")
            if not to:
                return None
            clinic = uow.clinics.get(record.clinic_id)
            subject, body = t.render(
                {
                    "clinic": clinic.name if clinic else "your clinic",
                    "when": when,
                    "how": how,
                    "link": f"{self._base}/sign-in",
                }
            )
            stored = uow.outbox.add(
                Mail(
                    id=0,
                    clinic_id=record.clinic_id,
                    key=key,
                    template=name,
                    to=to,
                    subject=subject,
                    body=body,
                    created_at=self._clock.now(),
                    attachment_name="visit.ics" if invite else "",
                    attachment=invite,
                )
            )
            uow.commit()
        if stored is not None:
            self._queue(stored)
        return stored

    def invitation(self, clinic_id: int, email: str, link: str, key: str) -> Mail | None:
        """The one-time link to set a password, to a new user (its only content)."""
        t = template("invitation")
        with self._uow() as uow:
            clinic = uow.clinics.get(clinic_id)
            subject, body = t.render(
                {"clinic": clinic.name if clinic else "Your clinic", "link": link}
            )
            stored = uow.outbox.add(
                Mail(0, clinic_id, key, t.name, email, subject, body, self._clock.now())
            )
            uow.commit()
        if stored is not None:
            self._queue(stored)
        return stored

    def appointment_changed(self, what: str, a: Appointment) -> None:
        """Booked, moved or cancelled: the client gets a mail with the calendar invite."""
        now = self._clock.now()
        with self._uow() as uow:
            tz = zone(uow.schedule.rules(a.clinic_id).time_zone)
            clinic = uow.clinics.get(a.clinic_id)
        name = clinic.name if clinic else "your clinic"
        when = to_local(a.starts_at, tz).strftime("%A %-d %B %Y, %H:%M %Z").strip()
        invite = self._invites.invite(
            key=f"appointment/{a.id}",
            summary=f"Visit at {name}",
            starts_at=a.starts_at,
            ends_at=a.ends_at,
            description=f"Sign in for the details: {self._base}/visits",
            sequence=int(now.timestamp()),
            cancelled=what == "cancelled",
            organizer=self._from,
            attendee="client",
        )
        self.notify_client(
            _system(a.clinic_id),
            a.client_id,
            f"appointment.{what}",
            f"appointment.{what}:{a.id}:{a.starts_at.isoformat()}:{now.isoformat()}",
            when=when,
            how=a.mode.label,
            invite=invite,
        )

    def message_sent(self, message: Message) -> None:
        """MessageService's on_sent: the care team's message is out (held ones only once the
        chiropractor released them), so the client hears there is one; never its text. A
        client's own message reaches the team through the threads list, not by mail."""
        if message.author_role is Role.CLIENT or message.sent_at is None:
            return
        self.notify_client(
            _system(message.clinic_id),
            message.client_id,
            "message.new",
            f"message.new:{message.id}",
        )

    def form_ready(self, analysis: GaitAnalysisRecord) -> None:
        """GaitService's on_released: a running-form review reached the client (once per
        analysis, whichever way it was released); never a finding."""
        self.notify_client(
            _system(analysis.clinic_id),
            analysis.client_id,
            "form_review.ready",
            f"form_review.ready:{analysis.id}",
        )

    def questionnaires_tick(self) -> None:
        """The scheduled task (services.jobs.ScheduledTask): one questionnaire sweep."""
        self.questionnaires()

    def questionnaires(self) -> dict[str, Any]:
        """Mail each client with a signed care plan whose outcome questionnaire is due (on
        domain.outcomes.schedule, counted from their first measurement), once per due date.
        A client measured nothing yet has no schedule to be due on: the baseline is taken at
        the first visit and the portal asks for it."""
        today = self._clock.now().date()
        due: list[tuple[int, int, date]] = []
        # Two queries a clinic (the dates, then which mails exist), not two per client.
        with self._uow() as uow:
            for clinic_id in uow.clinics.ids():
                dates = uow.care.outcome_dates_in_care(clinic_id)
                nexts = {c: next_due(min(taken), taken) for c, taken in dates.items() if taken}
                now_due = {
                    c: on for c, on in nexts.items() if on <= today <= on + QUESTIONNAIRE_LATE
                }
                keys = {c: _questionnaire_key(c, on) for c, on in now_due.items()}
                sent = uow.outbox.present(keys.values())
                due += [(clinic_id, c, on) for c, on in now_due.items() if keys[c] not in sent]
            uow.commit()
        for clinic_id, client_id, on in due:
            self.notify_client(
                _system(clinic_id),
                client_id,
                "questionnaire.due",
                _questionnaire_key(client_id, on),
            )
        return {"questionnaires": len(due)}

    # --- the outbox page -----------------------------------------------------------------

    def outbox(self, caller: Caller, limit: int = 100) -> list[Mail]:
        with self._uow() as uow:
            resource = Resource("outbox", caller.actor.clinic_id)
            self._gate.check(uow, caller, Action.MAIL_OUTBOX, resource, audit=True)
            found = list(uow.outbox.recent(caller.actor.clinic_id, max(1, min(limit, 500))))
            uow.commit()
            return found

    # --- jobs ------------------------------------------------------------------------------

    def _queue(self, mail: Mail) -> None:
        # After the mail commits (see ORPHAN_AFTER for a stop in between).
        if self._submit is None:
            return
        job = self._submit(SEND_JOB, {"mail_id": mail.id}, mail.clinic_id)
        with self._uow() as uow:
            uow.outbox.attach_job(mail.id, job.id)
            uow.commit()

    def deliver(self, mail_id: int) -> dict[str, Any]:
        """The send job: one mail to the server (or held in the outbox without one)."""
        with self._uow() as uow:
            mail = uow.outbox.get(mail_id)
            if mail is None:
                raise JobFailed("That e-mail is no longer in the outbox.")
            if mail.status in ("sent", "held"):
                return {"status": mail.status}
            if self._sender is None:
                uow.outbox.update(replace(mail, status="held"))
                uow.commit()
                return {"status": "held"}
            # One send per mail: a second job for it (a requeue after a stop) finds it taken.
            claimed = uow.outbox.claim(mail.id, self._clock.now())
            uow.commit()
        if not claimed:
            return {"status": mail.status}
        try:
            self._sender.send(mail, self._from)
        except MailFailed as exc:
            with self._uow() as uow:
                uow.outbox.update(
                    replace(mail, status="failed", attempts=mail.attempts + 1, error=str(exc))
                )
                uow.commit()
            log.warning("mail %s not sent (attempt %s)", mail.id, mail.attempts + 1)
            raise JobFailed(f"{exc}; the sweep will try again.") from exc
        with self._uow() as uow:
            uow.outbox.update(
                replace(mail, status="sent", attempts=mail.attempts + 1, sent_at=self._clock.now())
            )
            uow.commit()
        return {"status": "sent"}

    def tick(self) -> None:
        """The scheduled task (services.jobs.ScheduledTask): one sweep."""
        self.sweep()

    def sweep(self) -> dict[str, Any]:
        """Enqueue every due reminder once, and hand failed mails with attempts left to a
        job again."""
        now = self._clock.now()
        due: list[Appointment] = []
        with self._uow() as uow:
            rules: dict[int, timedelta] = {}
            for a in uow.schedule.due_reminders(now, now + REMINDER_HORIZON):
                if a.clinic_id not in rules:
                    rules[a.clinic_id] = uow.schedule.rules(a.clinic_id).reminder
                if a.starts_at - now <= rules[a.clinic_id] and uow.schedule.mark_reminded(
                    a.id, now
                ):
                    due.append(a)
            uow.commit()
        for a in due:
            with self._uow() as uow:
                tz = zone(uow.schedule.rules(a.clinic_id).time_zone)
            when = to_local(a.starts_at, tz).strftime("%A %-d %B %Y, %H:%M %Z").strip()
            self.notify_client(
                _system(a.clinic_id),
                a.client_id,
                "appointment.reminder",
                f"appointment.reminder:{a.id}:{a.starts_at.isoformat()}",
                when=when,
                how=a.mode.label,
            )
        with self._uow() as uow:
            # Orphans first: a failed mail requeued below is queued too, and gets its job there.
            orphans = list(uow.outbox.orphans(now - ORPHAN_AFTER))
            stalled = uow.outbox.fail_stalled(now - STALLED_AFTER, STALLED)
            again = [m for m in uow.outbox.retryable(MAX_ATTEMPTS) if uow.outbox.requeue(m.id)]
            uow.commit()
        for m in again + orphans:
            self._queue(m)
        return {
            "reminders": len(due),
            "retried": len(again),
            "stalled": stalled,
            "orphans": len(orphans),
        }


class MailSendJob:
    """Job handler: deliver one outbox mail."""

    def __init__(self, notify: NotifyService) -> None:
        self._notify = notify

    def __call__(self, job: Job, progress: Callable[[float, str], None]) -> dict[str, Any]:
        mail_id = job.payload.get("mail_id")
        if not isinstance(mail_id, int):
            raise JobFailed("This e-mail job names no mail.")
        return self._notify.deliver(mail_id)
