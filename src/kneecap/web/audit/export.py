"""The audit log as CSV for a date range (admins): what a clinic hands an inspector."""

from __future__ import annotations

import csv
import io

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kneecap.web.audit.pages import filtered
from kneecap.web.deps import AuditDep, PagePrincipal, caller_of

router = APIRouter()
COLUMNS = ["at", "actor", "action", "outcome", "client_id", "resource", "address", "detail"]


def _cell(value: object) -> str:
    """A spreadsheet must not run a cell as a formula (CSV injection): such text gets a '."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


@router.get("/audit/export.csv")
def audit_csv(
    request: Request,
    principal: PagePrincipal,
    audit_log: AuditDep,
    client_id: str = "",
    action: str = "",
    outcome: str = "",
    since: str = "",
    until: str = "",
) -> Response:
    q = filtered(principal.user.clinic_id, client_id, action, outcome, since, until)
    entries = audit_log.export(caller_of(request, principal), q)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for e in entries:
        writer.writerow(
            _cell(v)
            for v in (
                e.at.isoformat(timespec="seconds"), e.actor_label, e.action, e.outcome,
                e.client_id, e.resource, e.address, e.detail,
            )
        )  # fmt: skip
    first = q.since.date().isoformat() if q.since else "start"
    last = until if q.until else "now"  # `until` parsed as a date, so it is plain
    name = f"kneecap-audit-{first}-to-{last}.csv"
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
