"""The client's own record, exported: a zip with a FHIR Bundle that validates (fhir.resources'
R4B models, the R4 line), only what the client may see, their files with matching hashes,
and the export audited — from the portal and by staff for the client."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from typing import Any

from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle

from kneecap.bootstrap import Container
from kneecap.ports.repositories import AuditQuery
from tests.web.conftest import sign_in
from tests.web.hardening.conftest import Demo


def _download(client: TestClient, client_id: int) -> tuple[dict[str, Any], zipfile.ZipFile]:
    r = client.get(f"/api/v1/clients/{client_id}/export")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/zip"
    assert r.headers["cache-control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(r.content))
    return json.loads(archive.read("bundle.json")), archive


def _kinds(bundle: dict[str, Any]) -> dict[str, int]:
    kinds: dict[str, int] = {}
    for e in bundle["entry"]:
        kind = e["resource"]["resourceType"]
        kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def test_the_client_downloads_a_valid_fhir_record_with_their_files(
    container: Container, demo: Demo, app_client: TestClient
) -> None:
    # (The demo is seeded before the app starts its job runner, as `kneecap demo` does.)
    maya = demo.seed.clients[0]
    # An unreleased diagnosis and a draft plan stay out of the client's export.
    container.diagnoses.record(demo.chiro, maya.id, "M22.2X2", "left", "not yet released")
    sign_in(app_client, "client1@demo.test")
    assert f"/api/v1/clients/{maya.id}/export" in app_client.get("/dashboard").text
    bundle, archive = _download(app_client, maya.id)
    Bundle.model_validate(bundle)  # raises on anything FHIR does not allow
    kinds = _kinds(bundle)
    assert kinds["Patient"] == 1 and kinds["CarePlan"] >= 1
    assert kinds["Observation"] >= 10 and kinds["DocumentReference"] >= 2
    codes = [
        c["code"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Condition"
        for c in e["resource"]["code"]["coding"]
    ]
    assert codes == ["M22.2X1"]  # the released one only
    observed = {
        e["resource"]["code"].get("text", "")
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
    }
    assert "during" in observed and any("cadence" in t for t in observed)
    for e in bundle["entry"]:
        if e["resource"]["resourceType"] == "DocumentReference":
            att = e["resource"]["content"][0]["attachment"]
            data = archive.read(att["url"])
            assert len(data) == att["size"]
            assert base64.b64encode(hashlib.sha1(data).digest()).decode() == att["hash"]
    entries, _ = container.audit.query(
        Demo_admin(container), AuditQuery(clinic_id=0, client_id=maya.id, action_prefix="client")
    )
    assert any(e.detail == "record export (FHIR)" for e in entries)
    print(f"\nexport: {kinds}, {len(archive.namelist())} archive members")


def test_staff_export_the_same_client_view(
    container: Container, demo: Demo, app_client: TestClient
) -> None:
    maya = demo.seed.clients[0]
    container.diagnoses.record(demo.chiro, maya.id, "M22.2X2", "left", "not yet released")
    sign_in(app_client, "lmt@demo.test")
    page = app_client.get(f"/clients/{maya.id}")
    assert f"/api/v1/clients/{maya.id}/export" in page.text
    bundle, _ = _download(app_client, maya.id)
    Bundle.model_validate(bundle)
    conditions = [e for e in bundle["entry"] if e["resource"]["resourceType"] == "Condition"]
    assert len(conditions) == 1  # what the client may see, not the staff's full chart


def Demo_admin(container: Container) -> Any:
    from kneecap.services.accounts import actor_for
    from kneecap.services.caller import Caller

    user = container.accounts.user_by_email("admin@demo.test")
    assert user is not None
    return Caller(actor_for(user), "test")
