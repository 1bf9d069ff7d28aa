"""Who is signed in, for scripts holding a personal access token."""

from __future__ import annotations

from fastapi import APIRouter

from kneecap.web.accounts.schemas import MeOut
from kneecap.web.deps import ApiPrincipal

router = APIRouter(prefix="/api/v1", tags=["api"])


@router.get("/me")
async def me(principal: ApiPrincipal) -> MeOut:
    return MeOut.of(principal.user)
