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
from kneecap.domain.load.physiology import Physiology
from kneecap.ports.clinical import ClinicalRepository
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
        """Insert activities that are not copies of a stored one (the same session by
        identity.same_session: start within 5 minutes, overlap, distance), across uploads;
        a copy only adds what it knows better (identity.absorb). Returns how many were new."""
        ...

    def get(self, client_id: int, activity_id: int) -> StoredActivity | None: ...
    def replace(self, stored: StoredActivity) -> None:
        """Store a changed activity (a confirmed sport or date) under its id."""
        ...

    def to_confirm(self, client_id: int) -> list[StoredActivity]:
        """The client's activities whose sport or date a person has to confirm, oldest first."""
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


class PhysiologyRepository(Protocol):
    def get(self, client_id: int) -> Physiology:
        """What was entered (empty when nothing was)."""
        ...

    def put(
        self, clinic_id: int, client_id: int, ph: Physiology, by: int | None, now: datetime
    ) -> None: ...


class LoadUnitOfWork(UnitOfWork, Protocol):
    @property
    def activities(self) -> ActivityRepository: ...
    @property
    def pain_log(self) -> PainLogRepository: ...
    @property
    def plans(self) -> TrainingPlanRepository: ...
    @property
    def physiology(self) -> PhysiologyRepository: ...
    @property
    def clinical(self) -> ClinicalRepository: ...  # the intake's weekly volume


class LoadUnitOfWorkFactory(Protocol):
    def __call__(self) -> LoadUnitOfWork: ...
