"""What a clinician's page says beside client-visible text that waits for co-signature."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import Request

from kneecap.domain.access.permissions import Action
from kneecap.domain.clients.record import ClientRecord
from kneecap.domain.clinical.cosignature import AWAITS_COSIGN, LIVE
from kneecap.services.cosignature import CoSignatureService
from kneecap.web.access import can, of_client
from kneecap.web.deps import Principal, caller_of

NOTICE_SAVED = "saved"  # ?notice=saved after a form that may have sent text for co-signature


def cosign_status(
    cosign: CoSignatureService,
    request: Request,
    principal: Principal,
    record: ClientRecord,
    labels: Mapping[str, str],
    prefix: str = "",
) -> dict[str, Any]:
    """The template context of cosign/_status.html for the texts at `labels`' keys (and every
    key starting with `prefix`); empty for anyone who may not see what waits (the client)."""
    if not can(principal, Action.COSIGN_STATUS, of_client(record)):
        return {"texts": {}, "shown": [], "labels": {}, "waiting": [], "notice": ""}
    texts = cosign.texts_for(caller_of(request, principal), record.id)
    keys = list(
        dict.fromkeys([*labels, *(k for k in sorted(texts) if prefix and k.startswith(prefix))])
    )
    waiting = [k for k in keys if k in texts and texts[k].pending is not None]
    notice = AWAITS_COSIGN if waiting else LIVE
    return {"texts": texts, "shown": keys, "labels": labels, "waiting": waiting, "notice": notice}
