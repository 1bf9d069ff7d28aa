"""Gait-retraining rows <-> stored blocks and cadence traces."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kneecap.adapters.db.models.retraining import (
    CadenceScanRow,
    CadenceTraceRow,
    RetrainingBlockRow,
)
from kneecap.domain.retraining.adherence import CadenceTrace
from kneecap.ports.retraining import StoredBlock, StoredTrace


def _block(r: RetrainingBlockRow) -> StoredBlock:
    return StoredBlock(
        r.id, r.clinic_id, r.client_id, r.analysis_id, r.cue_rule, r.baseline_spm, r.start,
        dict(r.plan), r.created_by, r.created_at, r.ended_at,
    )  # fmt: skip


def samples_of(trace: CadenceTrace | None) -> dict[str, Any] | None:
    """A trace as JSON lists (0.1 s and 0.1 steps/min are finer than any watch records)."""
    if trace is None:
        return None
    return {
        "t": [round(float(x), 1) for x in trace.t_s],
        "spm": [round(float(x), 1) for x in trace.spm],
    }


def trace_of(samples: dict[str, Any] | None) -> CadenceTrace | None:
    if samples is None:
        return None
    return CadenceTrace(np.array(samples["t"], float), np.array(samples["spm"], float))


class SqlRetraining:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add_block(
        self, clinic_id: int, client_id: int, analysis_id: int, cue_rule: str,
        baseline_spm: float | None, start: date, plan: dict[str, Any], by: int | None,
        now: datetime,
    ) -> StoredBlock:  # fmt: skip
        row = RetrainingBlockRow(
            clinic_id=clinic_id, client_id=client_id, analysis_id=analysis_id, cue_rule=cue_rule,
            baseline_spm=baseline_spm, start=start, plan=plan, created_by=by, created_at=now,
        )  # fmt: skip
        self._s.add(row)
        self._s.flush()
        return _block(row)

    def block(self, block_id: int) -> StoredBlock | None:
        row = self._s.get(RetrainingBlockRow, block_id)
        return _block(row) if row is not None else None

    def blocks_for(self, client_id: int) -> Sequence[StoredBlock]:
        q = (
            select(RetrainingBlockRow)
            .where(RetrainingBlockRow.client_id == client_id)
            .order_by(RetrainingBlockRow.start, RetrainingBlockRow.id)
        )
        return [_block(r) for r in self._s.scalars(q)]

    def end_block(self, block_id: int, now: datetime) -> None:
        row = self._s.get(RetrainingBlockRow, block_id)
        if row is not None:
            row.ended_at = now

    def traces(self, client_id: int, since: datetime) -> Sequence[StoredTrace]:
        q = (
            select(CadenceTraceRow)
            .where(CadenceTraceRow.client_id == client_id, CadenceTraceRow.start_minute >= since)
            .order_by(CadenceTraceRow.start_minute)
        )
        return [
            StoredTrace(r.client_id, r.start_minute, trace_of(r.samples))
            for r in self._s.scalars(q)
        ]

    def put_trace(self, clinic_id: int, trace: StoredTrace) -> None:
        q = select(CadenceTraceRow).where(
            CadenceTraceRow.client_id == trace.client_id,
            CadenceTraceRow.start_minute == trace.start_minute,
        )
        row = self._s.scalars(q).first()
        if row is not None:
            if trace.trace is not None:  # a copy without records never replaces a trace
                row.samples = samples_of(trace.trace)
                self._s.flush()
            return
        new = CadenceTraceRow(
            clinic_id=clinic_id, client_id=trace.client_id, start_minute=trace.start_minute,
            samples=samples_of(trace.trace),
        )  # fmt: skip
        self._insert_once(new)

    def _insert_once(self, row: CadenceTraceRow | CadenceScanRow) -> None:
        """Insert, unless another request reading the same runner's block just did: two page
        views at once both read the new uploads, and the second one's copy is not needed."""
        try:
            with self._s.begin_nested():
                self._s.add(row)
        except IntegrityError:
            pass

    def scanned_jobs(self, client_id: int) -> set[int]:
        q = select(CadenceScanRow.job_id).where(CadenceScanRow.client_id == client_id)
        return set(self._s.scalars(q))

    def mark_scanned(self, clinic_id: int, client_id: int, job_id: int) -> None:
        if job_id not in self.scanned_jobs(client_id):
            self._insert_once(
                CadenceScanRow(clinic_id=clinic_id, client_id=client_id, job_id=job_id)
            )
