"""Helpers for the training-load web tests: files to upload and waiting for import jobs."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

GOOD = "run_fenix5_dynamics.fit"
SECOND = "run_fr70_compressed_speed_distance.fit"
DAMAGED = "corrupt_unexpected_eof.fit"  # truncated: the reader keeps what it can, with a note


def wait_job(http: TestClient, job_id: int, timeout: float = 30.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        body: dict[str, Any] = http.get(f"/api/v1/jobs/{job_id}").json()
        if body["status"] in ("done", "failed") or time.monotonic() > deadline:
            return body
        time.sleep(0.05)


def unreadable(shared: Path) -> bytes:
    """The first bytes of a real FIT file: a header and nothing the reader can use."""
    return (shared / "activities" / GOOD).read_bytes()[:10]


def upload(
    http: TestClient, client_id: int, csrf: str, files: list[tuple[str, bytes]]
) -> tuple[int, dict[str, Any]]:
    r = http.post(
        f"/api/v1/clients/{client_id}/activities",
        files=[("files", (name, data, "application/octet-stream")) for name, data in files],
        headers={"X-CSRF-Token": csrf},
    )
    return r.status_code, r.json()
