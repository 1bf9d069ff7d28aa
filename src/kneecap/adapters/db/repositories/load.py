"""SQLAlchemy repositories for activities, the pain log and training plans."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kneecap.adapters.db.models.load import (
    ActivityRow,
    ClientPhysiologyRow,
    PainLogRow,
    TrainingPlanRow,
)
from kneecap.domain.load.activity import Activity, Sport
from kneecap.domain.load.goal import PlanKind, TrainingGoal
from kneecap.domain.load.hr_samples import HrHistogram
from kneecap.domain.load.identity import START_WINDOW_S, absorb, find_copy
from kneecap.domain.load.pain import PainEntry
from kneecap.domain.load.physiology import Physiology
from kneecap.domain.load.provenance import Confidence, Issue, IssueCode, SportBasis, SportCall
from kneecap.domain.load.trimp import Sex
from kneecap.ports.load import StoredActivity, StoredGoal

# Activity fields stored as columns of the same name.
_FIELDS = (
    "sub_sport", "start", "duration_s", "moving_s", "distance_m", "ascent_m", "avg_hr",
    "max_hr", "avg_cadence_spm", "avg_cadence_rpm", "avg_power_w", "vertical_oscillation_mm",
    "stance_time_ms", "step_length_mm", "vertical_ratio_pct", "gear", "rpe", "name", "source",
)  # fmt: skip
_TEXT_LIMITS = {"gear": 200, "name": 300, "source": 500, "sub_sport": 40}


def _values(a: Activity) -> dict[str, Any]:
    out: dict[str, Any] = {f: getattr(a, f) for f in _FIELDS}
    for f, n in _TEXT_LIMITS.items():
        if isinstance(out[f], str):
            out[f] = out[f][:n]
    out["sport"] = a.sport.value
    out["dedup_key"] = a.dedup_key
    c = a.sport_call
    out.update(
        sport_basis=c.basis.value, sport_confidence=c.confidence.value,
        sport_reason=c.reason[:500], sport_to_confirm=c.needs_confirmation,
        issues=[{"code": i.code.value, "message": i.message, "confirm": i.needs_confirmation}
                for i in a.issues],
    )  # fmt: skip
    hist = a.hr_histogram
    out["hr_seconds"] = hist.to_bytes() if hist is not None else None
    return out


def _issues(raw: list[dict[str, Any]] | None) -> tuple[Issue, ...]:
    known = {c.value for c in IssueCode}
    return tuple(
        Issue(IssueCode(i["code"]), str(i.get("message", "")), bool(i.get("confirm")))
        for i in raw or []
        if i.get("code") in known
    )


def _activity(row: ActivityRow) -> Activity:
    call = SportCall(
        SportBasis(row.sport_basis), Confidence(row.sport_confidence), row.sport_reason or "",
        bool(row.sport_to_confirm),
    )  # fmt: skip
    hist = HrHistogram.from_bytes(row.hr_seconds) if row.hr_seconds else None
    return Activity(
        sport=Sport(row.sport), sport_call=call, issues=_issues(row.issues), hr_seconds=hist,
        **{f: getattr(row, f) for f in _FIELDS},
    )  # fmt: skip


class SqlActivities:
    def __init__(self, session: Session) -> None:
        self._s = session

    def keys(self, client_id: int) -> set[str]:
        q = select(ActivityRow.dedup_key).where(ActivityRow.client_id == client_id)
        return set(self._s.scalars(q))

    def add_many(
        self,
        clinic_id: int,
        client_id: int,
        activities: Sequence[Activity],
        now: datetime,
        import_job_id: int | None = None,
    ) -> int:
        if not activities:
            return 0
        window = timedelta(seconds=START_WINDOW_S)
        lo = min(a.start for a in activities) - window
        hi = max(a.start for a in activities) + window
        near = list(
            self._s.scalars(
                select(ActivityRow).where(
                    ActivityRow.client_id == client_id,
                    ActivityRow.start >= lo,
                    ActivityRow.start <= hi,
                )
            )
        )
        stored = [_activity(r) for r in near]
        known = {r.dedup_key for r in near}
        rows: list[dict[str, Any]] = []
        for a in activities:
            k = find_copy(a, stored)
            if k is not None:
                if k < len(near):  # a stored row; else a copy of one this batch adds
                    self._absorb(near[k], stored[k], a)
                continue
            if a.dedup_key in known:
                continue
            known.add(a.dedup_key)
            stored.append(a)
            values = _values(a)
            values.update(
                clinic_id=clinic_id, client_id=client_id, created_at=now,
                import_job_id=import_job_id,
            )  # fmt: skip
            rows.append(values)
        if not rows:
            return 0
        try:
            with self._s.begin_nested():
                self._s.execute(insert(ActivityRow), rows)
            return len(rows)
        except IntegrityError:
            # Another import for this client stored some of them meanwhile: one by one,
            # skipping those, so the rest still lands.
            added = 0
            for values in rows:
                try:
                    with self._s.begin_nested():
                        self._s.execute(insert(ActivityRow), [values])
                    added += 1
                except IntegrityError:
                    continue
            return added

    def _absorb(self, row: ActivityRow, kept: Activity, copy: Activity) -> None:
        """A copy may name the sport better (an export's row) or add a name, gear or RPE; a
        sport someone confirmed stays."""
        better = absorb(kept, copy)
        if better == kept:
            return
        for k, v in _values(better).items():
            if k not in ("dedup_key", "start", "hr_seconds"):
                setattr(row, k, v)
        self._s.flush()

    def get(self, client_id: int, activity_id: int) -> StoredActivity | None:
        row = self._s.get(ActivityRow, activity_id)
        if row is None or row.client_id != client_id:
            return None
        return StoredActivity(row.id, row.client_id, _activity(row))

    def replace(self, stored: StoredActivity) -> None:
        row = self._s.get(ActivityRow, stored.id)
        if row is None:
            raise LookupError(stored.id)
        for k, v in _values(stored.activity).items():
            if k != "dedup_key":  # its identity stays what it was stored under
                setattr(row, k, v)
        self._s.flush()

    def to_confirm(self, client_id: int) -> list[StoredActivity]:
        q = (
            select(ActivityRow)
            .where(ActivityRow.client_id == client_id)
            .order_by(ActivityRow.start)
        )
        found = (StoredActivity(r.id, r.client_id, _activity(r)) for r in self._s.scalars(q))
        return [s for s in found if s.activity.needs_confirmation]

    def for_client(self, client_id: int, since: datetime | None = None) -> list[Activity]:
        q = select(ActivityRow).where(ActivityRow.client_id == client_id)
        if since is not None:
            q = q.where(ActivityRow.start >= since)
        return [_activity(r) for r in self._s.scalars(q.order_by(ActivityRow.start))]

    def list(self, client_id: int, limit: int = 50, offset: int = 0) -> list[StoredActivity]:
        q = (
            select(ActivityRow)
            .where(ActivityRow.client_id == client_id)
            .order_by(ActivityRow.start.desc())
            .limit(limit)
            .offset(offset)
        )
        return [StoredActivity(r.id, r.client_id, _activity(r)) for r in self._s.scalars(q)]

    def count(self, client_id: int) -> int:
        q = select(func.count()).select_from(ActivityRow).where(ActivityRow.client_id == client_id)
        return int(self._s.scalar(q) or 0)


class SqlPainLog:
    def __init__(self, session: Session) -> None:
        self._s = session

    def upsert(
        self, clinic_id: int, client_id: int, entry: PainEntry, by: int | None, now: datetime
    ) -> None:
        row = self._s.scalar(
            select(PainLogRow).where(PainLogRow.client_id == client_id, PainLogRow.day == entry.day)
        )
        if row is None:
            row = PainLogRow(clinic_id=clinic_id, client_id=client_id, day=entry.day)
            self._s.add(row)
        row.during = entry.during
        if entry.next_morning is not None or row.next_morning is None:
            row.next_morning = entry.next_morning
        if entry.baseline_morning is not None or row.baseline_morning is None:
            row.baseline_morning = entry.baseline_morning
        row.logged_by = by
        row.updated_at = now
        self._s.flush()

    def for_client(self, client_id: int, since: date | None = None) -> list[PainEntry]:
        q = select(PainLogRow).where(PainLogRow.client_id == client_id)
        if since is not None:
            q = q.where(PainLogRow.day >= since)
        return [
            PainEntry(r.day, r.during, r.next_morning, r.baseline_morning)
            for r in self._s.scalars(q.order_by(PainLogRow.day))
        ]


def _goal(row: TrainingPlanRow) -> StoredGoal:
    goal = TrainingGoal(
        kind=PlanKind(row.kind),
        start=row.start,
        goal_week_km=row.goal_week_km,
        race_km=row.race_km,
        race_day=row.race_day,
        base_week_km=row.base_week_km,
        base_long_km=row.base_long_km,
        start_stage=row.start_stage,
        base_reason=row.base_reason or "",
    )
    return StoredGoal(row.id, row.client_id, goal, row.created_at)


class SqlTrainingPlans:
    def __init__(self, session: Session) -> None:
        self._s = session

    def active(self, client_id: int) -> StoredGoal | None:
        row = self._s.scalar(
            select(TrainingPlanRow)
            .where(TrainingPlanRow.client_id == client_id, TrainingPlanRow.active.is_(True))
            .order_by(TrainingPlanRow.id.desc())
            .limit(1)
        )
        return _goal(row) if row else None

    def replace(
        self, clinic_id: int, client_id: int, goal: TrainingGoal, by: int | None, now: datetime
    ) -> StoredGoal:
        self._s.execute(
            update(TrainingPlanRow)
            .where(TrainingPlanRow.client_id == client_id, TrainingPlanRow.active.is_(True))
            .values(active=False)
        )
        row = TrainingPlanRow(
            clinic_id=clinic_id,
            client_id=client_id,
            kind=goal.kind.value,
            start=goal.start,
            goal_week_km=goal.goal_week_km,
            race_km=goal.race_km,
            race_day=goal.race_day,
            base_week_km=goal.base_week_km,
            base_long_km=goal.base_long_km,
            start_stage=goal.start_stage,
            base_reason=goal.base_reason[:500],
            active=True,
            created_by=by,
            created_at=now,
        )
        self._s.add(row)
        self._s.flush()
        return _goal(row)


class SqlPhysiology:
    def __init__(self, session: Session) -> None:
        self._s = session

    def get(self, client_id: int) -> Physiology:
        row = self._s.get(ClientPhysiologyRow, client_id)
        if row is None:
            return Physiology()
        return Physiology(Sex(row.sex) if row.sex else None, row.hr_max, row.hr_rest)

    def put(
        self, clinic_id: int, client_id: int, ph: Physiology, by: int | None, now: datetime
    ) -> None:
        row = self._s.get(ClientPhysiologyRow, client_id)
        if row is None:
            row = ClientPhysiologyRow(client_id=client_id, clinic_id=clinic_id)
            self._s.add(row)
        row.sex = ph.sex.value if ph.sex else None
        row.hr_max, row.hr_rest = ph.hr_max, ph.hr_rest
        row.updated_by, row.updated_at = by, now
        self._s.flush()
