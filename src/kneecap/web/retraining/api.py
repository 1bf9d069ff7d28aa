"""Retraining JSON API: a client's blocks with adherence per session, and starting one."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kneecap.services.retraining import StartOptions
from kneecap.web.deps import ApiPrincipal, caller_of
from kneecap.web.params import RecordId
from kneecap.web.retraining.deps import RetrainingDep
from kneecap.web.retraining.schemas import BlockOut, StartIn

router = APIRouter()


@router.get("/api/v1/clients/{client_id}/retraining")
def blocks_api(
    request: Request, client_id: RecordId, principal: ApiPrincipal, retraining: RetrainingDep
) -> list[BlockOut]:
    """The client's retraining blocks: target and dose per session, and each session's
    adherence from the watch (time within ±3 steps/min, drift, pain)."""
    page = retraining.page(caller_of(request, principal), client_id)
    return [BlockOut.of(b) for b in page.blocks]


@router.post("/api/v1/clients/{client_id}/retraining", status_code=201)
def start_api(
    request: Request,
    client_id: RecordId,
    body: StartIn,
    principal: ApiPrincipal,
    retraining: RetrainingDep,
) -> BlockOut:
    """Start a block from a released analysis with a cadence cue (Davis 2020 dose)."""
    caller = caller_of(request, principal)
    block = retraining.start(caller, client_id, StartOptions(**body.model_dump()))
    return BlockOut.of(retraining.block(caller, client_id, block.id))


@router.get("/clients/{client_id}/retraining/{block_id}/sessions.ics")
def block_calendar(
    request: Request,
    client_id: RecordId,
    block_id: RecordId,
    principal: ApiPrincipal,
    retraining: RetrainingDep,
) -> Response:
    """The block's sessions for a phone or desktop calendar."""
    body = retraining.block_ics(caller_of(request, principal), client_id, block_id)
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="step-rate-sessions.ics"'},
    )
