"""The admin downloads the audit log for a date range as CSV; nobody else can."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from kneecap.ports.repositories import AuditQuery
from kneecap.web.audit.export import _cell
from tests.factories import World
from tests.web.conftest import sign_in


def test_the_admin_exports_a_date_range_as_csv(
    app_client: TestClient, container: Container, world: World
) -> None:
    csrf = sign_in(app_client, world.a.users["lmt"].email)
    cid = world.a.clients[0].id
    app_client.get(f"/clients/{cid}")
    app_client.post(
        "/api/v1/clients",
        json={"name": '=HYPERLINK("http://x")'},
        headers={"X-CSRF-Token": csrf},
    )
    assert app_client.get("/audit/export.csv").status_code == 403
    sign_in(app_client, world.a.users["admin"].email)
    page = app_client.get("/audit", params={"since": "2026-03-01", "until": "2026-03-02"})
    assert "/audit/export.csv?since=2026-03-01&amp;until=2026-03-02" in page.text
    r = app_client.get("/audit/export.csv", params={"since": "2026-03-01", "until": "2026-03-02"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert (
        'filename="kneecap-audit-2026-03-01-to-2026-03-02.csv"' in r.headers["content-disposition"]
    )
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {"client.read", "client.create"} <= {row["action"] for row in rows}
    assert all(row["at"].startswith("2026-03-0") for row in rows)
    assert rows == sorted(rows, key=lambda row: row["at"])  # oldest first
    assert not any(v.startswith("=") for row in rows for v in row.values())
    empty = app_client.get(
        "/audit/export.csv", params={"since": "2025-01-01", "until": "2025-01-31"}
    )
    assert empty.text.strip() == "at,actor,action,outcome,client_id,resource,address,detail"
    entries, _ = container.audit.query(
        world.a.caller("admin"), AuditQuery(clinic_id=0, action_prefix="audit.export")
    )
    assert entries and "2026-03-01 up to 2026-03-03" in entries[-1].detail


def test_no_cell_runs_as_a_spreadsheet_formula() -> None:
    assert [_cell(v) for v in ("=1+1", "+x", "-2", "@sum", "plain", None, 3)] == [
        "'=1+1", "'+x", "'-2", "'@sum", "plain", "", "3",
    ]  # fmt: skip
