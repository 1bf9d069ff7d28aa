"""SQLAlchemy repositories for activities, the pain log and training plans."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kneecap.adapters.db.models.load import ActivityRow, PainLogRow, TrainingPlanRow
from kneecap.domain.load.activity import Activity, Sport
from kneecap.domain.load.goal import PlanKind, TrainingGoal
from kneecap.domain.load.pain import PainEntry
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
    return out


def _activity(row: ActivityRow) -> Activity:
    return Activity(sport=Sport(row.sport), **{f: getattr(row, f) for f in _FIELDS})


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
        known = self.keys(client_id)
        rows: list[dict[str, Any]] = []
        for a in activities:
            if a.dedup_key in known:
                continue
            known.add(a.dedup_key)
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
            active=True,
            created_by=by,
            created_at=now,
        )
        self._s.add(row)
        self._s.flush()
        return _goal(row)
