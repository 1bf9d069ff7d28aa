"""Fake training-load repositories: activities (one per dedup key and client), the pain log
(one entry per day) and training goals (one active)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from kneecap.domain.load.activity import Activity
from kneecap.domain.load.goal import TrainingGoal
from kneecap.domain.load.identity import absorb, find_copy
from kneecap.domain.load.pain import PainEntry
from kneecap.domain.load.physiology import Physiology
from kneecap.ports.load import StoredActivity, StoredGoal
from tests.fakes.tables import Tables


class FakeActivities:
    def __init__(self, t: Tables) -> None:
        self._t = t

    def _of(self, client_id: int) -> list[StoredActivity]:
        return self._t.activities.rows(lambda s: s.client_id == client_id)

    def keys(self, client_id: int) -> set[str]:
        return {s.activity.dedup_key for s in self._of(client_id)}

    def add_many(
        self,
        clinic_id: int,
        client_id: int,
        activities: Sequence[Activity],
        now: datetime,
        import_job_id: int | None = None,
    ) -> int:
        known, added = self.keys(client_id), 0
        stored = self._of(client_id)
        for a in activities:
            k = find_copy(a, [s.activity for s in stored])
            if k is not None:  # a copy of a stored session: only what it knows better
                old = stored[k]
                better = replace(old, activity=absorb(old.activity, a))
                if better != old:
                    self._t.activities.put(old.id, better)
                    stored[k] = better
                continue
            if a.dedup_key not in known:
                known.add(a.dedup_key)
                n = self._t.activities.next_id()
                stored.append(self._t.activities.put(n, StoredActivity(n, client_id, a)))
                added += 1
        return added

    def get(self, client_id: int, activity_id: int) -> StoredActivity | None:
        found = self._t.activities.get(activity_id)
        return found if found is not None and found.client_id == client_id else None

    def replace(self, stored: StoredActivity) -> None:
        if self._t.activities.get(stored.id) is None:
            raise LookupError(stored.id)
        self._t.activities.put(stored.id, stored)

    def to_confirm(self, client_id: int) -> list[StoredActivity]:
        found = [s for s in self._of(client_id) if s.activity.needs_confirmation]
        return sorted(found, key=lambda s: s.activity.start)

    def for_client(self, client_id: int, since: datetime | None = None) -> list[Activity]:
        found = [s.activity for s in self._of(client_id)]
        return sorted((a for a in found if since is None or a.start >= since), key=_start)

    def list(self, client_id: int, limit: int = 50, offset: int = 0) -> list[StoredActivity]:
        newest = sorted(self._of(client_id), key=lambda s: s.activity.start, reverse=True)
        return newest[offset : offset + limit]

    def count(self, client_id: int) -> int:
        return len(self._of(client_id))


def _start(a: Activity) -> datetime:
    return a.start


class FakePainLog:
    def __init__(self, t: Tables) -> None:
        self._t = t

    def upsert(
        self, clinic_id: int, client_id: int, entry: PainEntry, by: int | None, now: datetime
    ) -> None:
        key = (client_id, entry.day)
        stored = self._t.pain_log.get(key)
        old = stored[1] if stored else None
        if old is not None:  # a later entry keeps what it leaves empty
            morning, usual = entry.next_morning, entry.baseline_morning
            entry = replace(
                entry,
                next_morning=old.next_morning if morning is None else morning,
                baseline_morning=old.baseline_morning if usual is None else usual,
            )
        self._t.pain_log.put(key, (client_id, entry))

    def for_client(self, client_id: int, since: date | None = None) -> list[PainEntry]:
        found = self._t.pain_log.rows(lambda r: r[0] == client_id)  # by day
        return [e for _, e in found if since is None or e.day >= since]


class FakeTrainingPlans:
    def __init__(self, t: Tables) -> None:
        self._t = t

    def active(self, client_id: int) -> StoredGoal | None:
        found = self._t.training_plans.rows(lambda r: r[0].client_id == client_id and r[1])
        return found[-1][0] if found else None

    def replace(
        self, clinic_id: int, client_id: int, goal: TrainingGoal, by: int | None, now: datetime
    ) -> StoredGoal:
        plans = self._t.training_plans
        for stored, _ in plans.rows(lambda r: r[0].client_id == client_id and r[1]):
            plans.put(stored.id, (stored, False))  # kept, inactive
        n = plans.next_id()
        return plans.put(n, (StoredGoal(n, client_id, goal, now), True))[0]


class FakePhysiology:
    def __init__(self, t: Tables) -> None:
        self._t = t

    def get(self, client_id: int) -> Physiology:
        found = self._t.physiology.get(client_id)
        return found if found is not None else Physiology()

    def put(
        self, clinic_id: int, client_id: int, ph: Physiology, by: int | None, now: datetime
    ) -> None:
        self._t.physiology.put(client_id, ph)
