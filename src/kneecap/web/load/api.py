"""Training-load JSON API: imports (as jobs), activities, load report, pain log, plan and its
iCalendar export, and the clinic's runners with open alerts. Same services, same policy."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from kneecap.domain.load.planner import Week
from kneecap.domain.retraining.in_plan import cue_notes
from kneecap.web.deps import ApiPrincipal, TrainingDep, UploadLimitDep, caller_of
from kneecap.web.load.forms import too_large_message, uploads_of
from kneecap.web.load.schemas import (
    ActivityList,
    ActivityOut,
    ConfirmIn,
    GoalIn,
    HeartRateIn,
    HeartRateOut,
    ImportStarted,
    LoadReportOut,
    PainIn,
    PainOut,
    PlanOut,
    RunnerAlertsOut,
)
from kneecap.web.params import MAX_OFFSET, RecordId
from kneecap.web.retraining.deps import RetrainingDep

router = APIRouter(prefix="/api/v1", tags=["training load"])


@router.post("/clients/{client_id}/activities", status_code=202, response_model=ImportStarted)
async def import_activities(
    request: Request,
    client_id: RecordId,
    principal: ApiPrincipal,
    training: TrainingDep,
    limit: UploadLimitDep,
) -> Response | ImportStarted:
    """Upload watch files or export zips (multipart field `files`); follow the returned job."""
    if limit.declared_exceeded(request):
        return JSONResponse({"detail": too_large_message(limit)}, status_code=413)
    async with uploads_of(request, limit) as uploads:
        if uploads is None:
            return JSONResponse({"detail": too_large_message(limit)}, status_code=413)
        job = training.imports.start(caller_of(request, principal), client_id, uploads)
    return ImportStarted(
        job_id=job.id, status=job.status.value, status_url=f"/api/v1/jobs/{job.id}",
        files=[str(f["name"]) for f in job.payload["files"]],
    )  # fmt: skip


@router.get("/clients/{client_id}/activities")
def list_activities(
    request: Request,
    client_id: RecordId,
    principal: ApiPrincipal,
    training: TrainingDep,
    limit: int = Query(50, ge=1, le=500),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> ActivityList:
    found, total = training.activities(caller_of(request, principal), client_id, limit, offset)
    return ActivityList(activities=[ActivityOut.of(a) for a in found], total=total)


@router.get("/clients/{client_id}/activities/to-confirm")
def activities_to_confirm(
    request: Request, client_id: RecordId, principal: ApiPrincipal, training: TrainingDep
) -> list[ActivityOut]:
    """Activities whose sport or date a person has to confirm (kept out of running until then)."""
    found = training.to_confirm(caller_of(request, principal), client_id)
    return [ActivityOut.of(a) for a in found]


@router.post("/clients/{client_id}/activities/{activity_id}/confirm")
def confirm_activity(
    request: Request,
    client_id: RecordId,
    activity_id: RecordId,
    body: ConfirmIn,
    principal: ApiPrincipal,
    training: TrainingDep,
) -> ActivityOut:
    """Confirm an activity's sport and/or real start; audited."""
    done = training.confirm(
        caller_of(request, principal), client_id, activity_id, body.sport, body.start
    )
    return ActivityOut.of(done)


@router.get("/clients/{client_id}/heart-rate")
def get_heart_rate(
    request: Request, client_id: RecordId, principal: ApiPrincipal, training: TrainingDep
) -> HeartRateOut:
    caller = caller_of(request, principal)
    ph = training.physiology(caller, client_id)
    return HeartRateOut.of(ph, training.report(caller, client_id).load_note)


@router.put("/clients/{client_id}/heart-rate")
def put_heart_rate(
    request: Request,
    client_id: RecordId,
    body: HeartRateIn,
    principal: ApiPrincipal,
    training: TrainingDep,
) -> HeartRateOut:
    """Measured maximum and resting heart rate and sex; every load is recomputed from them."""
    caller = caller_of(request, principal)
    ph = training.set_physiology(caller, client_id, body.physiology())
    return HeartRateOut.of(ph, training.report(caller, client_id).load_note)


@router.get("/clients/{client_id}/training-load")
def training_load(
    request: Request,
    client_id: RecordId,
    principal: ApiPrincipal,
    training: TrainingDep,
    until: date | None = Query(None, description="end of the period (default today)"),
    chronic: int = Query(28, description="chronic load over 28 (default) or 42 days (CTL)"),
) -> LoadReportOut:
    report = training.report(caller_of(request, principal), client_id, until, chronic)
    return LoadReportOut.of(report)


@router.get("/clients/{client_id}/pain")
def pain_log(
    request: Request, client_id: RecordId, principal: ApiPrincipal, training: TrainingDep
) -> list[PainOut]:
    return [PainOut.of(e) for e in training.pain_log(caller_of(request, principal), client_id)]


@router.post("/clients/{client_id}/pain", status_code=201)
def log_pain(
    request: Request,
    client_id: RecordId,
    body: PainIn,
    principal: ApiPrincipal,
    training: TrainingDep,
) -> PlanOut:
    """Log pain for a day (one entry per day; a second call fills in the next morning).
    Returns the plan as it now stands, since pain changes it."""
    caller = caller_of(request, principal)
    training.log_pain(
        caller, client_id, body.day, body.during, body.next_morning, body.baseline_morning
    )
    return PlanOut.of(client_id, training.plan(caller, client_id))


@router.get("/clients/{client_id}/training-plan")
def get_plan(
    request: Request, client_id: RecordId, principal: ApiPrincipal, training: TrainingDep
) -> PlanOut:
    return PlanOut.of(client_id, training.plan(caller_of(request, principal), client_id))


@router.put("/clients/{client_id}/training-plan")
def put_plan(
    request: Request,
    client_id: RecordId,
    body: GoalIn,
    principal: ApiPrincipal,
    training: TrainingDep,
) -> PlanOut:
    page = training.set_goal(
        caller_of(request, principal), client_id, body.kind, body.goal_week_km, body.race_km,
        body.race_day, body.start_stage - 1,
    )  # fmt: skip
    return PlanOut.of(client_id, page)


@router.get("/clients/{client_id}/training-plan.ics")
def plan_calendar(
    request: Request,
    client_id: RecordId,
    principal: ApiPrincipal,
    training: TrainingDep,
    retraining: RetrainingDep,
) -> Response:
    """The plan's sessions; a running retraining block's sessions are said in the planned runs
    that hold them (never entries of their own: they add no run)."""
    caller = caller_of(request, principal)

    def cues(weeks: list[Week]) -> dict[date, str]:
        placed = retraining.in_plan(caller, client_id, weeks)
        return {} if placed is None else cue_notes(placed)

    body = training.plan_ics(caller, client_id, cues)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="training-plan.ics"'},
    )


@router.get("/training/alerts")
def clinic_alerts(
    request: Request, principal: ApiPrincipal, training: TrainingDep
) -> list[RunnerAlertsOut]:
    return [RunnerAlertsOut.of(r) for r in training.clinic_alerts(caller_of(request, principal))]
