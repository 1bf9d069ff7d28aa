"""Outcome questionnaires: score and store a response, list them with the change since baseline
read against the MCID, and the series for charts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from kneecap.domain.access.permissions import Action
from kneecap.domain.access.policy import Resource
from kneecap.domain.access.roles import Role
from kneecap.domain.outcomes.change import Change, ScoredOutcome, compare
from kneecap.domain.outcomes.chart import OutcomeSeries, outcome_chart_series
from kneecap.domain.outcomes.errors import ScoringError, UnknownInstrumentError
from kneecap.domain.outcomes.responses import (
    CHANGE_FROM_ZERO,
    LABELS,
    SCALES,
    SERIES,
    OutcomeResponse,
    score_payload,
    scored,
)
from kneecap.domain.outcomes.schedule import next_due
from kneecap.ports.security import Clock
from kneecap.ports.texts import CareTextUnitOfWorkFactory, TextUnitOfWork
from kneecap.services.alerts import AlertKeeper
from kneecap.services.authz import Gate
from kneecap.services.caller import Caller
from kneecap.services.client_texts import shown_to_client, submit_text
from kneecap.services.errors import Invalid
from kneecap.services.text_keys import OUTCOME_ACTIVITIES


@dataclass(frozen=True)
class SeriesSummary:
    key: str
    label: str
    points: tuple[ScoredOutcome, ...]
    change: Change | None
    chart: OutcomeSeries


@dataclass(frozen=True)
class OutcomeSummary:
    responses: Sequence[OutcomeResponse]
    changes: Mapping[int, Change | None]  # response id -> its main score vs baseline
    series: Sequence[SeriesSummary]
    next_due: date | None


def _change(key: str, first: ScoredOutcome, point: ScoredOutcome) -> Change | None:
    if key in CHANGE_FROM_ZERO:
        return compare(key, 0, point.score, latest_on=point.on)
    if first is point:
        return None
    return compare(key, first.score, point.score, baseline_on=first.on, latest_on=point.on)


def summarise(responses: Sequence[OutcomeResponse]) -> OutcomeSummary:
    points = scored(responses)
    series: list[SeriesSummary] = []
    for key in (k for keys in SERIES.values() for k in keys):
        mine = tuple(sorted((p for p in points if p.instrument == key), key=lambda p: p.on))
        if not mine:
            continue
        low, high = SCALES[key]
        chart = outcome_chart_series(mine, scale_min=low, scale_max=high)
        series.append(SeriesSummary(key, LABELS[key], mine, _change(key, mine[0], mine[-1]), chart))
    changes: dict[int, Change | None] = {}
    firsts: dict[str, ScoredOutcome] = {}
    for r in sorted(responses, key=lambda r: (r.on, r.id or 0)):
        key = SERIES[r.instrument][0]
        point = ScoredOutcome(key, r.on, r.score)
        first = firsts.setdefault(key, point)
        if r.id is not None:
            changes[r.id] = _change(key, first, point)
    intake = min((r.on for r in responses), default=None)
    due = next_due(intake, [r.on for r in responses]) if intake else None
    return OutcomeSummary(responses, changes, series, due)


def activities_text(response: OutcomeResponse) -> str:
    """The activities a PSFS names (the client's words, or whoever wrote them down), a line
    each: the response's only free text."""
    return "\n".join(str(a.get("activity", "")) for a in response.answers.get("activities", ()))


def client_response(uow: TextUnitOfWork, response: OutcomeResponse) -> OutcomeResponse:
    """A response as its client sees it: activities an LMT named wait for co-signature."""
    written = activities_text(response)
    if response.id is None or not written:
        return response
    if shown_to_client(uow, OUTCOME_ACTIVITIES.key(response.id), written):
        return response
    hidden = [{**a, "activity": ""} for a in response.answers.get("activities", ())]
    return replace(response, answers={**response.answers, "activities": hidden})


class OutcomeService:
    def __init__(
        self, uow_factory: CareTextUnitOfWorkFactory, gate: Gate, clock: Clock, alerts: AlertKeeper
    ) -> None:
        self._uow = uow_factory
        self._gate = gate
        self._clock = clock
        self._alerts = alerts  # a result can open or close an escalation alert

    def record(
        self,
        caller: Caller,
        client_id: int,
        instrument: str,
        payload: Mapping[str, Any],
        on: date | None = None,
    ) -> tuple[OutcomeResponse, Change | None]:
        today = self._clock.now().date()
        day = on or today
        with self._uow() as uow:
            record = self._gate.client(
                uow, caller, Action.OUTCOME_RECORD, client_id, kind="outcome"
            )
            if day > today:
                raise Invalid("A questionnaire cannot be dated in the future.", {"on": "future"})
            try:
                scores, answers = score_payload(instrument, payload)
            except ScoringError as exc:
                raise Invalid(str(exc), {exc.item or exc.instrument: str(exc)}) from exc
            except UnknownInstrumentError as exc:
                raise Invalid(str(exc), {"instrument": str(exc)}) from exc
            response = OutcomeResponse(
                None,
                client_id,
                instrument,
                day,
                scores,
                answers,
                caller.actor.user_id,
                self._clock.now(),
            )
            stored = uow.care.add_outcome(record.clinic_id, response)
            written = activities_text(stored)
            if written and stored.id is not None:
                key = OUTCOME_ACTIVITIES.key(stored.id)
                submit_text(
                    uow, caller, record.clinic_id, client_id, key, written, self._clock.now()
                )
            all_responses = list(uow.care.outcomes_for(client_id))
            self._alerts.refresh(uow, record.clinic_id, client_id, today)
            self._gate.record(
                uow,
                caller,
                "outcome.recorded",
                Resource("outcome", record.clinic_id, client_id=client_id, id=stored.id),
                f"instrument: {instrument}",
            )
            uow.commit()
        summary = summarise(all_responses)
        return stored, summary.changes.get(stored.id or -1)

    def summary(self, caller: Caller, client_id: int) -> OutcomeSummary:
        with self._uow() as uow:
            self._gate.client(uow, caller, Action.OUTCOME_VIEW, client_id, kind="outcome")
            responses = list(uow.care.outcomes_for(client_id))
            if caller.actor.role is Role.CLIENT:
                responses = [client_response(uow, r) for r in responses]
            uow.commit()
        return summarise(responses)
