"""Fake gait-retraining repository (blocks, cadence traces by run start minute, read jobs)
and a cadence reader that knows the traces a test gave each upload's bytes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from kneecap.ports.retraining import RunCadence, StoredBlock, StoredTrace
from tests.fakes.tables import Tables


class FakeRetraining:
    def __init__(self, t: Tables) -> None:
        self._t = t

    def add_block(
        self, clinic_id: int, client_id: int, analysis_id: int, cue_rule: str,
        baseline_spm: float | None, start: date, plan: dict[str, Any], by: int | None,
        now: datetime,
    ) -> StoredBlock:  # fmt: skip
        n = self._t.retraining_blocks.next_id()
        block = StoredBlock(
            n, clinic_id, client_id, analysis_id, cue_rule, baseline_spm, start, plan, by, now
        )
        return self._t.retraining_blocks.put(n, block)

    def block(self, block_id: int) -> StoredBlock | None:
        return self._t.retraining_blocks.get(block_id)

    def blocks_for(self, client_id: int) -> Sequence[StoredBlock]:
        found = self._t.retraining_blocks.rows(lambda b: b.client_id == client_id)
        return sorted(found, key=lambda b: (b.start, b.id))

    def end_block(self, block_id: int, now: datetime) -> None:
        b = self._t.retraining_blocks.get(block_id)
        if b is not None:
            self._t.retraining_blocks.put(block_id, replace(b, ended_at=now))

    def traces(self, client_id: int, since: datetime) -> Sequence[StoredTrace]:
        found = self._t.cadence_traces.rows(
            lambda r: r.client_id == client_id and r.start_minute >= since
        )
        return sorted(found, key=lambda r: r.start_minute)

    def put_trace(self, clinic_id: int, trace: StoredTrace) -> None:
        key = (trace.client_id, trace.start_minute)
        old = self._t.cadence_traces.get(key)
        if trace.trace is None and old is not None and old.trace is not None:
            return  # a copy without records never replaces a trace already read
        self._t.cadence_traces.put(key, trace)

    def scanned_jobs(self, client_id: int) -> set[int]:
        return {j for c, j in self._t.cadence_scans.rows(lambda r: r[0] == client_id)}

    def mark_scanned(self, clinic_id: int, client_id: int, job_id: int) -> None:
        self._t.cadence_scans.put((client_id, job_id), (client_id, job_id))


class FakeCadenceReader:
    def __init__(self) -> None:
        self._files: dict[bytes, list[RunCadence]] = {}

    def knows(self, data: bytes, *runs: RunCadence) -> bytes:
        self._files[data] = list(runs)
        return data

    def read(self, data: bytes, name: str) -> list[RunCadence]:
        return list(self._files.get(data, []))
