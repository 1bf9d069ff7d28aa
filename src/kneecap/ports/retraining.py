"""Ports for gait retraining: stored blocks, the cadence traces read from watch files, and a
unit of work that sees them next to activities, the pain log, analyses and outcomes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from kneecap.domain.load.activity import Sport
from kneecap.domain.retraining.adherence import CadenceTrace
from kneecap.ports.care import CareUnitOfWork
from kneecap.ports.gait import GaitUnitOfWork
from kneecap.ports.load import LoadUnitOfWork


@dataclass(frozen=True, slots=True)
class RunCadence:
    """One run of a watch file with its per-record cadence (None: the file has none)."""

    start: datetime
    sport: Sport
    trace: CadenceTrace | None


class CadenceReader(Protocol):
    def read(self, data: bytes, name: str) -> list[RunCadence]:
        """Every run in a file or archive; an unreadable file gives none (never raises)."""
        ...


@dataclass(frozen=True, slots=True)
class StoredBlock:
    id: int
    clinic_id: int
    client_id: int
    analysis_id: int
    cue_rule: str
    baseline_spm: float | None  # the video's step rate; None: a posture block without one
    start: date
    plan: dict[str, Any]  # the BlockPlan as stored (domain/retraining/codec.py)
    created_by: int | None
    created_at: datetime
    ended_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class StoredTrace:
    """A run's cadence trace by its start minute (None: read, and the run has none)."""

    client_id: int
    start_minute: datetime
    trace: CadenceTrace | None


class RetrainingRepository(Protocol):
    def add_block(
        self, clinic_id: int, client_id: int, analysis_id: int, cue_rule: str,
        baseline_spm: float | None, start: date, plan: dict[str, Any], by: int | None,
        now: datetime,
    ) -> StoredBlock: ...  # fmt: skip
    def block(self, block_id: int) -> StoredBlock | None: ...
    def blocks_for(self, client_id: int) -> Sequence[StoredBlock]: ...
    def end_block(self, block_id: int, now: datetime) -> None: ...
    def traces(self, client_id: int, since: datetime) -> Sequence[StoredTrace]: ...
    def put_trace(self, clinic_id: int, trace: StoredTrace) -> None:
        """Store (or replace) the trace of the run starting in that minute."""
        ...

    def scanned_jobs(self, client_id: int) -> set[int]: ...
    def mark_scanned(self, clinic_id: int, client_id: int, job_id: int) -> None: ...


class RetrainingUnitOfWork(LoadUnitOfWork, GaitUnitOfWork, CareUnitOfWork, Protocol):
    @property
    def retraining(self) -> RetrainingRepository: ...


class RetrainingUnitOfWorkFactory(Protocol):
    def __call__(self) -> RetrainingUnitOfWork: ...
