"""Clients JSON API: the same services and the same authorization as the pages."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request

from kneecap.web.clients.schemas import ClientIn, ClientList, ClientOut
from kneecap.web.deps import ApiPrincipal, ClientsDep, caller_of
from kneecap.web.params import MAX_OFFSET, RecordId

router = APIRouter(prefix="/api/v1", tags=["api"])


@router.get("/clients")
async def list_clients(
    request: Request,
    principal: ApiPrincipal,
    clients: ClientsDep,
    q: str = "",
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
) -> ClientList:
    page = clients.list(caller_of(request, principal), q, limit, offset)
    return ClientList(
        clients=[ClientOut.of(r) for r in page.clients],
        total=page.total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post("/clients", status_code=201)
def create_client(
    request: Request, body: ClientIn, principal: ApiPrincipal, clients: ClientsDep
) -> ClientOut:
    saved = clients.create_reviewed(caller_of(request, principal), body.details())
    return ClientOut.of(saved.record, saved.notices)


@router.get("/clients/{client_id}")
async def get_client(
    request: Request, client_id: RecordId, principal: ApiPrincipal, clients: ClientsDep
) -> ClientOut:
    return ClientOut.of(clients.get(caller_of(request, principal), client_id))


@router.put("/clients/{client_id}")
def update_client(
    request: Request,
    client_id: RecordId,
    body: ClientIn,
    principal: ApiPrincipal,
    clients: ClientsDep,
) -> ClientOut:
    saved = clients.update_reviewed(caller_of(request, principal), client_id, body.details())
    return ClientOut.of(saved.record, saved.notices)
