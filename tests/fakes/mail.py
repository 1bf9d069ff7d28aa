"""Fake outbox (rows as the SQL table, the key unique) and a sender that keeps what it got
or fails on demand."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import datetime

from kneecap.ports.mail import Mail, MailFailed
from tests.fakes.tables import Tables


class FakeOutbox:
    def __init__(self, t: Tables) -> None:
        self._t = t

    def add(self, mail: Mail) -> Mail | None:
        if self._t.outbox.first(lambda m: m.key == mail.key) is not None:
            return None
        stored = replace(mail, id=self._t.outbox.next_id())
        return self._t.outbox.put(stored.id, stored)

    def get(self, mail_id: int) -> Mail | None:
        return self._t.outbox.get(mail_id)

    def update(self, mail: Mail) -> None:
        if self._t.outbox.get(mail.id) is None:
            raise KeyError(mail.id)
        self._t.outbox.put(mail.id, mail)

    def recent(self, clinic_id: int, limit: int = 100) -> Sequence[Mail]:
        return self._t.outbox.rows(lambda m: m.clinic_id == clinic_id)[::-1][:limit]

    def present(self, keys: Collection[str]) -> set[str]:
        wanted = set(keys)
        return {m.key for m in self._t.outbox.rows(lambda m: m.key in wanted)}

    def retryable(self, max_attempts: int) -> Sequence[Mail]:
        return self._t.outbox.rows(lambda m: m.status == "failed" and m.attempts < max_attempts)

    def requeue(self, mail_id: int) -> bool:
        m = self._t.outbox.get(mail_id)
        if m is None or m.status != "failed":
            return False
        self._t.outbox.put(m.id, replace(m, status="queued"))
        return True

    def attach_job(self, mail_id: int, job_id: int) -> None:
        m = self._t.outbox.get(mail_id)
        if m is not None:
            self._t.outbox.put(m.id, replace(m, job_id=job_id))

    def claim(self, mail_id: int, now: datetime) -> bool:
        m = self._t.outbox.get(mail_id)
        if m is None or m.status != "queued":
            return False
        self._t.outbox.put(m.id, replace(m, status="sending", claimed_at=now))
        return True

    def orphans(self, created_before: datetime) -> Sequence[Mail]:
        return self._t.outbox.rows(
            lambda m: m.status == "queued" and m.job_id is None and m.created_at < created_before
        )

    def fail_stalled(self, claimed_before: datetime, error: str) -> int:
        stalled = self._t.outbox.rows(
            lambda m: (
                m.status == "sending" and m.claimed_at is not None and m.claimed_at < claimed_before
            )
        )
        for m in stalled:
            self._t.outbox.put(
                m.id, replace(m, status="failed", attempts=m.attempts + 1, error=error)
            )
        return len(stalled)


class FakeSender:
    def __init__(self) -> None:
        self.sent: list[Mail] = []
        self.failing = False

    def send(self, mail: Mail, sender: str) -> None:
        if self.failing:
            raise MailFailed("Sending through fake:25 failed (ConnectionRefusedError)")
        self.sent.append(mail)


class FakeInvites:
    def invite(self, *, key: str, summary: str, cancelled: bool, **_: object) -> str:
        method = "CANCEL" if cancelled else "REQUEST"
        return f"BEGIN:VCALENDAR\nMETHOD:{method}\nSUMMARY:{summary}\nUID:{key}\nEND:VCALENDAR\n"
