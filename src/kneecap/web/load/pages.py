"""Training-load pages: the runner's load page (also the clinician's view of a client), the
planner, the pain log, imports and the clinic's runners with open alerts."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from kneecap.domain.load import rules as R
from kneecap.domain.load.activity import Sport
from kneecap.domain.load.goal import PlanKind
from kneecap.domain.load.physiology import Physiology
from kneecap.domain.load.return_to_run import STAGES
from kneecap.domain.load.trimp import Sex
from kneecap.services.clients import ClientService
from kneecap.services.errors import Invalid
from kneecap.services.retraining import RetrainingService
from kneecap.services.training import TrainingService
from kneecap.web.deps import (
    ClientsDep,
    FormPrincipal,
    PagePrincipal,
    Principal,
    TrainingDep,
    UploadLimitDep,
    caller_of,
    check_form_csrf,
)
from kneecap.web.load.charts import chart_data
from kneecap.web.load.forms import too_large_message, uploads_of
from kneecap.web.load.schemas import RULES
from kneecap.web.params import RecordId
from kneecap.web.retraining.deps import RetrainingDep
from kneecap.web.templating import render
from kneecap.web.uploads import UploadLimit

router = APIRouter()


def _training_context(
    training: TrainingService,
    limit: UploadLimit,
    principal: Principal,
    request: Request,
    client_id: RecordId,
    until: date | None = None,
    chronic: int = 28,
    **extra: object,
) -> dict[str, Any]:
    caller = caller_of(request, principal)
    # The job before the report: a job that ends in between then still shows as running and
    # the page reloads, instead of "done" beside charts read before its activities were stored.
    jobs = training.import_jobs(caller, client_id)
    report = training.report(caller, client_id, until, chronic)
    return {
        "record": report.client, "r": report, "rules": RULES,
        "chart": chart_data(report, training.shoe_limit_km),
        "job": jobs[0] if jobs else None,
        "max_upload_mb": limit.mb, "today": report.today,
        "acwr_rule": R.ACWR_INFO, "ten_rule": R.TEN_PERCENT_RULE,
        "warmup_days": R.ACWR_WARMUP_DAYS, "errors": {}, "values": {},
        "sports": list(Sport), "sexes": list(Sex), "until": until, "chronic": chronic,
        **extra,
    }  # fmt: skip


@router.get("/training")
def training_home(principal: PagePrincipal) -> Response:
    # The runner's own training page; the clinic's list of runners with alerts for the rest.
    if principal.user.client_id:
        return RedirectResponse(f"/clients/{principal.user.client_id}/training", status_code=303)
    return RedirectResponse("/training/alerts", status_code=303)


@router.get("/training/alerts")
def clinic_alerts(request: Request, principal: PagePrincipal, training: TrainingDep) -> Response:
    runners = training.clinic_alerts(caller_of(request, principal))
    return render(request, "load/alerts.html", principal, runners=runners, rules=RULES,
                  days=14, today=training.today())  # fmt: skip


@router.get("/clients/{client_id}/training")
def training_page(
    request: Request,
    client_id: RecordId,
    principal: PagePrincipal,
    training: TrainingDep,
    limit: UploadLimitDep,
    until: date | None = Query(None, description="end of the period the charts show"),
    chronic: int = Query(28, description="chronic load over 28 (default) or 42 days (CTL)"),
) -> Response:
    ctx = _training_context(training, limit, principal, request, client_id, until, chronic)
    return render(request, "load/training.html", principal, **ctx)


@router.get("/clients/{client_id}/training/confirm")
def confirm_page(
    request: Request, client_id: RecordId, principal: PagePrincipal, training: TrainingDep,
    clients: ClientsDep, done: int = 0,
) -> Response:  # fmt: skip
    caller = caller_of(request, principal)
    record = clients.get(caller, client_id)
    found = training.to_confirm(caller, client_id)
    return render(request, "load/confirm.html", principal, record=record, found=found,
                  sports=list(Sport), done=bool(done), errors={}, failed=None)  # fmt: skip


@router.post("/clients/{client_id}/training/activities/{activity_id}/confirm")
async def confirm_post(
    request: Request,
    client_id: RecordId,
    activity_id: RecordId,
    principal: FormPrincipal,
    training: TrainingDep,
    clients: ClientsDep,
) -> Response:
    values = {k: str(v) for k, v in (await request.form()).items()}
    errors: dict[str, str] = {}
    sport = start = None
    if values.get("sport"):
        try:
            sport = Sport(values["sport"])
        except ValueError:
            errors["sport"] = "choose one of the sports listed"
    if values.get("day", "").strip():
        try:
            day = date.fromisoformat(values["day"].strip())
            clock = time.fromisoformat(values.get("time", "").strip() or "00:00")
            start = datetime.combine(day, clock, tzinfo=UTC)
        except ValueError:
            errors["day"] = "enter the date as YYYY-MM-DD and the time as HH:MM"
    caller = caller_of(request, principal)
    try:
        if errors:
            raise Invalid("Please correct the highlighted fields.", errors)
        training.confirm(caller, client_id, activity_id, sport, start)
    except Invalid as exc:
        record = clients.get(caller, client_id)
        found = training.to_confirm(caller, client_id)
        return render(request, "load/confirm.html", principal, 422, record=record, found=found,
                      sports=list(Sport), done=False, errors=exc.errors, failed=activity_id,
                      message=exc.message)  # fmt: skip
    return RedirectResponse(f"/clients/{client_id}/training/confirm?done=1", status_code=303)


@router.post("/clients/{client_id}/training/heart-rate")
async def heart_rate_post(
    request: Request,
    client_id: RecordId,
    principal: FormPrincipal,
    training: TrainingDep,
    limit: UploadLimitDep,
) -> Response:
    values = {k: str(v) for k, v in (await request.form()).items()}
    errors: dict[str, str] = {}
    sex = None
    if values.get("sex"):
        try:
            sex = Sex(values["sex"])
        except ValueError:
            errors["sex"] = "choose female, male or not recorded"
    numbers = {}
    for name in ("hr_max", "hr_rest"):
        raw = values.get(name, "").strip()
        try:
            numbers[name] = float(raw) if raw else None
        except ValueError:
            errors[name] = "enter beats per minute as a number, like 185"
    try:
        if errors:
            raise Invalid("Please correct the heart-rate values.", errors)
        ph = Physiology(sex, numbers["hr_max"], numbers["hr_rest"])
        training.set_physiology(caller_of(request, principal), client_id, ph)
    except Invalid as exc:
        ctx = _training_context(training, limit, principal, request, client_id, errors=exc.errors,
                                values=values, message=exc.message)  # fmt: skip
        return render(request, "load/training.html", principal, 422, **ctx)
    return RedirectResponse(f"/clients/{client_id}/training#heart-rate", status_code=303)


@router.post("/clients/{client_id}/training/import")
async def import_page(
    request: Request,
    client_id: RecordId,
    principal: PagePrincipal,
    training: TrainingDep,
    limit: UploadLimitDep,
) -> Response:
    if limit.declared_exceeded(request):
        return render(request, "error.html", principal, 413, title="Upload too large",
                      message=too_large_message(limit))  # fmt: skip
    await check_form_csrf(request, principal)
    caller = caller_of(request, principal)
    try:
        async with uploads_of(request, limit) as uploads:
            if uploads is None:
                return render(request, "error.html", principal, 413, title="Upload too large",
                              message=too_large_message(limit))  # fmt: skip
            training.imports.start(caller, client_id, uploads)
    except Invalid as exc:
        ctx = _training_context(training, limit, principal, request, client_id, errors=exc.errors,
                                message=exc.message)  # fmt: skip
        return render(request, "load/training.html", principal, 422, **ctx)
    return RedirectResponse(f"/clients/{client_id}/training#import", status_code=303)


def _num(raw: str, name: str, errors: dict[str, str]) -> float | None:
    raw = raw.strip().replace(",", ".")
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        errors[name] = "enter a number from 0 to 10"
        return None


@router.post("/clients/{client_id}/training/pain")
async def log_pain(
    request: Request,
    client_id: RecordId,
    principal: FormPrincipal,
    training: TrainingDep,
    limit: UploadLimitDep,
) -> Response:
    values = {k: str(v) for k, v in (await request.form()).items()}
    errors: dict[str, str] = {}
    try:
        day = date.fromisoformat(values.get("day", "").strip())
    except ValueError:
        errors["day"] = "enter the date as YYYY-MM-DD"
    during = _num(values.get("during", ""), "during", errors)
    if during is None and "during" not in errors:
        errors["during"] = "say how much it hurt during the run, 0 to 10"
    morning = _num(values.get("next_morning", ""), "next_morning", errors)
    usual = _num(values.get("baseline_morning", ""), "baseline_morning", errors)
    try:
        if errors:
            raise Invalid("Please correct the pain log entry.", errors)
        assert during is not None
        training.log_pain(caller_of(request, principal), client_id, day, during, morning, usual)
    except Invalid as exc:
        ctx = _training_context(training, limit, principal, request, client_id, errors=exc.errors,
                                values=values, message=exc.message)  # fmt: skip
        return render(request, "load/training.html", principal, 422, **ctx)
    return RedirectResponse(f"/clients/{client_id}/training/plan?logged=1", status_code=303)


def _plan_context(
    clients: ClientService,
    training: TrainingService,
    retraining: RetrainingService,
    principal: Principal,
    request: Request,
    client_id: RecordId,
    **extra: object,
) -> dict[str, Any]:
    caller = caller_of(request, principal)
    record = clients.get(caller, client_id)
    page = training.plan(caller, client_id)
    # a running retraining block's sessions, inside the plan's runs (they add none)
    cued = retraining.in_plan(caller, client_id, page.plan.weeks if page.plan else [])
    return {"record": record, "page": page, "stages": STAGES, "kinds": list(PlanKind),
            "errors": {}, "values": {}, "today": training.today(), "cued": cued,
            **extra}  # fmt: skip


@router.get("/clients/{client_id}/training/plan")
def plan_page(
    request: Request,
    client_id: RecordId,
    principal: PagePrincipal,
    clients: ClientsDep,
    training: TrainingDep,
    retraining: RetrainingDep,
    logged: int = 0,
) -> Response:
    ctx = _plan_context(
        clients, training, retraining, principal, request, client_id, logged=bool(logged)
    )
    return render(request, "load/plan.html", principal, **ctx)


@router.post("/clients/{client_id}/training/plan")
async def set_plan(
    request: Request,
    client_id: RecordId,
    principal: FormPrincipal,
    clients: ClientsDep,
    training: TrainingDep,
    retraining: RetrainingDep,
) -> Response:
    values = {k: str(v) for k, v in (await request.form()).items()}
    errors: dict[str, str] = {}
    try:
        kind = PlanKind(values.get("kind", ""))
    except ValueError:
        errors["kind"] = "choose a kind of plan"
    week_km = _num(values.get("goal_week_km", ""), "goal_week_km", errors)
    race_km = _num(values.get("race_km", ""), "race_km", errors)
    race_day = None
    if values.get("race_day", "").strip():
        try:
            race_day = date.fromisoformat(values["race_day"].strip())
        except ValueError:
            errors["race_day"] = "enter the date as YYYY-MM-DD"
    stage = _num(values.get("start_stage", "1") or "1", "start_stage", errors)
    try:
        if errors:
            raise Invalid("Please correct the highlighted fields.", errors)
        training.set_goal(caller_of(request, principal), client_id, kind, week_km, race_km,
                            race_day, int(stage or 1) - 1)  # fmt: skip
    except Invalid as exc:
        ctx = _plan_context(clients, training, retraining, principal, request, client_id,
                            errors=exc.errors, values=values, message=exc.message)  # fmt: skip
        return render(request, "load/plan.html", principal, 422, **ctx)
    return RedirectResponse(f"/clients/{client_id}/training/plan", status_code=303)
