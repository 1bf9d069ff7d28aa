"""Ports for training load: stored activities, the pain log, the progression plan, and a unit
of work that holds them next to the base repositories."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from kneecap.domain.load.activity import Activity
from kneecap.domain.load.goal import TrainingGoal
from kneecap.domain.load.pain import PainEntry
from kneecap.ports.repositories import UnitOfWork


@dataclass(frozen=True, slots=True)
class StoredActivity:
    id: int
    client_id: int
    activity: Activity


@dataclass(frozen=True, slots=True)
class StoredGoal:
    id: int
    client_id: int
    goal: TrainingGoal
    created_at: datetime


class ActivityRepository(Protocol):
    def keys(self, client_id: int) -> set[str]:
        """Dedup keys of the client's stored activities."""
        ...

    def add_many(
        self,
        clinic_id: int,
        client_id: int,
        activities: Sequence[Activity],
        now: datetime,
        import_job_id: int | None = None,
    ) -> int:
        """Insert activities whose dedup key is not stored yet; returns how many were new."""
        ...

    def for_client(self, client_id: int, since: datetime | None = None) -> list[Activity]: ...
    def list(self, client_id: int, limit: int = 50, offset: int = 0) -> list[StoredActivity]: ...
    def count(self, client_id: int) -> int: ...


class PainLogRepository(Protocol):
    def upsert(
        self, clinic_id: int, client_id: int, entry: PainEntry, by: int | None, now: datetime
    ) -> None:
        """One entry per day: a second entry for the same day fills in / replaces values."""
        ...

    def for_client(self, client_id: int, since: date | None = None) -> list[PainEntry]: ...


class TrainingPlanRepository(Protocol):
    def active(self, client_id: int) -> StoredGoal | None: ...
    def replace(
        self, clinic_id: int, client_id: int, goal: TrainingGoal, by: int | None, now: datetime
    ) -> StoredGoal:
        """Store a new active goal; the previous one is kept, inactive."""
        ...


class LoadUnitOfWork(UnitOfWork, Protocol):
    @property
    def activities(self) -> ActivityRepository: ...
    @property
    def pain_log(self) -> PainLogRepository: ...
    @property
    def plans(self) -> TrainingPlanRepository: ...


class LoadUnitOfWorkFactory(Protocol):
    def __call__(self) -> LoadUnitOfWork: ...
