"""Retraining pages: the clinician's block page (adherence per session, progress, video vs
watch), the runner's session page with the metronome, the printable plan, the summary."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from kneecap.domain.gait.review import CUE_LABELS
from kneecap.domain.retraining import adherence as A
from kneecap.domain.retraining import dose as D
from kneecap.domain.retraining.target import STEP_SOURCE
from kneecap.services.errors import Invalid, NotFound
from kneecap.services.retraining import RetrainingService, StartOptions
from kneecap.web import form_values as fv
from kneecap.web.deps import FormPrincipal, PagePrincipal, Principal, caller_of
from kneecap.web.params import RecordId
from kneecap.web.retraining.deps import RetrainingDep
from kneecap.web.templating import render

router = APIRouter()
SOURCES = {"dose": D.DOSE_SOURCE, "steps": STEP_SOURCE, "band": A.BAND_SPM}


def _index(
    request: Request, principal: Principal, retraining: RetrainingService, client_id: int,
    status: int = 200, errors: dict[str, str] | None = None, values: dict[str, str] | None = None,
    message: str = "",
) -> Response:  # fmt: skip
    page = retraining.page(caller_of(request, principal), client_id)
    return render(
        request, "retraining/index.html", principal, status, page=page, record=page.client,
        errors=errors or {}, values=values or {}, message=message, sources=SOURCES,
        dose=D.Dose(), cue_labels=CUE_LABELS,
    )  # fmt: skip


@router.get("/clients/{client_id}/retraining")
def index(
    request: Request, client_id: RecordId, principal: PagePrincipal, retraining: RetrainingDep
) -> Response:
    return _index(request, principal, retraining, client_id)


@router.post("/clients/{client_id}/retraining")
async def start(
    request: Request, client_id: RecordId, principal: FormPrincipal, retraining: RetrainingDep
) -> Response:
    form = await request.form()
    values = {k: str(v) for k, v in form.items() if isinstance(v, str)}
    errors: dict[str, str] = {}
    # the form's one choice is "analysis:cue"; analysis_id alone follows its first cue
    aid, _, cue = values.get("source", "").partition(":")
    if aid:
        values["analysis_id"] = aid
    opts = StartOptions(
        analysis_id=fv.record_id(values, "analysis_id", errors),
        sessions=fv.whole(values, "sessions", errors, 8),
        per_week=fv.whole(values, "per_week", errors, 4),
        first_minutes=fv.whole(values, "first_minutes", errors, 15),
        peak_minutes=fv.whole(values, "peak_minutes", errors, 30),
        steps=values.get("steps", "5-10"),
        start=fv.day(values, "start", errors) if values.get("start", "").strip() else None,
        cue=cue or values.get("cue", ""),
    )
    try:
        fv.refuse_if(errors)
        block = retraining.start(caller_of(request, principal), client_id, opts)
    except Invalid as exc:
        return _index(
            request, principal, retraining, client_id, 422, exc.errors, values, exc.message
        )
    return RedirectResponse(f"/clients/{client_id}/retraining/{block.id}", status_code=303)


def _block_page(
    template: str, request: Request, principal: Principal, retraining: RetrainingService,
    client_id: int, block_id: int, number: int | None = None,
) -> Response:  # fmt: skip
    page = retraining.page(caller_of(request, principal), client_id)
    view = next((b for b in page.blocks if b.block.id == block_id), None)
    if view is None:
        raise NotFound("That block")
    row = None
    if number is not None:
        row = next((s for s in view.sessions if s.plan.number == number), None)
        if row is None:
            raise NotFound("That session")
    return render(
        request,
        template,
        principal,
        v=view,
        record=page.client,
        sources=SOURCES,
        D=D,
        s=row,
        cue_labels=CUE_LABELS,
    )


@router.get("/clients/{client_id}/retraining/{block_id}")
def block_page(
    request: Request,
    client_id: RecordId,
    block_id: RecordId,
    principal: PagePrincipal,
    retraining: RetrainingDep,
) -> Response:
    return _block_page("retraining/block.html", request, principal, retraining, client_id, block_id)


@router.get("/clients/{client_id}/retraining/{block_id}/plan")
def plan_page(
    request: Request,
    client_id: RecordId,
    block_id: RecordId,
    principal: PagePrincipal,
    retraining: RetrainingDep,
) -> Response:
    """The plan to print, or to set a watch's own metronome from."""
    return _block_page("retraining/plan.html", request, principal, retraining, client_id, block_id)


@router.get("/clients/{client_id}/retraining/{block_id}/summary")
def summary_page(
    request: Request,
    client_id: RecordId,
    block_id: RecordId,
    principal: PagePrincipal,
    retraining: RetrainingDep,
) -> Response:
    return _block_page(
        "retraining/summary.html", request, principal, retraining, client_id, block_id
    )


@router.get("/clients/{client_id}/retraining/{block_id}/sessions/{number}")
def session_page(
    request: Request,
    client_id: RecordId,
    block_id: RecordId,
    number: RecordId,
    principal: PagePrincipal,
    retraining: RetrainingDep,
) -> Response:
    return _block_page(
        "retraining/session.html", request, principal, retraining, client_id, block_id,
        number=number,
    )  # fmt: skip


@router.post("/clients/{client_id}/retraining/{block_id}/end")
async def end(
    request: Request,
    client_id: RecordId,
    block_id: RecordId,
    principal: FormPrincipal,
    retraining: RetrainingDep,
) -> Response:
    retraining.end(caller_of(request, principal), client_id, block_id)
    return RedirectResponse(f"/clients/{client_id}/retraining/{block_id}/summary", status_code=303)
