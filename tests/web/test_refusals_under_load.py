"""A refused write never waits on its own request's lock, and every refusal is audited: the
probe's two repro requests, and concurrent writers on SQLite and PostgreSQL.

A refusal used to be written by a second unit of work while the request's own still held the
write lock (an allowed-read audit row had been flushed): SQLite waited its 30 s busy timeout
and answered 500. The bound below (5 s per call) is far above any honest wait here and far
below that timeout, so it fails on the old mechanism and is not a speed assertion.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from kneecap.domain.care.prescriptions import ExercisePrescription
from kneecap.domain.clients.record import ClientDetails
from kneecap.ports.repositories import AuditQuery
from kneecap.services.errors import Forbidden, NotFound
from tests.factories import CARE_START, World, signed_plan_with_programme
from tests.web.conftest import sign_in

BOUND_S = 5.0


def _denials(container: Container, world: World, action: str) -> int:
    entries, _ = container.audit.query(
        world.a.caller("admin"), AuditQuery(clinic_id=0, action_prefix=action, limit=10_000)
    )
    return sum(1 for e in entries if e.outcome in {"forbidden", "hidden"})


def test_the_probes_repro_requests_answer_at_once_and_are_audited(
    app_client: TestClient, container: Container, world: World
) -> None:
    plan_id = signed_plan_with_programme(container, world).id
    cid = world.a.clients[0].id
    csrf = sign_in(app_client, world.a.users["lmt"].email)
    body = {
        "plan_id": plan_id,
        "start": "2026-12-01",
        "end": "2027-01-15",
        "exercises": [{"exercise_id": "clamshell_band", "sets": 3, "reps": 10}],
    }
    started = time.monotonic()
    refused = app_client.post(
        f"/api/v1/clients/{cid}/home-programme", json=body, headers={"X-CSRF-Token": csrf}
    )
    prescribe_s = time.monotonic() - started
    assert refused.status_code == 403, refused.text
    assert "may not prescribe strengthening" in refused.json()["detail"]
    started = time.monotonic()
    missing = app_client.get(f"/clients/{cid}/gait/compare", params={"a": 2, "b": 999})
    compare_s = time.monotonic() - started
    assert missing.status_code == 404
    print(f"\nrefused prescription {prescribe_s:.3f} s, missing analysis {compare_s:.3f} s")
    assert max(prescribe_s, compare_s) < BOUND_S
    assert _denials(container, world, "home_programme.prescribe") == 1
    assert _denials(container, world, "gait.") >= 1


def test_concurrent_writers_and_refusals_never_wait_out_a_lock(
    container: Container, world: World
) -> None:
    plan_id = signed_plan_with_programme(container, world).id
    own, other = world.a.clients
    foreign = world.b.clients[0]
    lmt, chiro = world.a.caller("lmt"), world.a.caller("chiropractor")
    strengthening = [ExercisePrescription("clamshell_band", 3, 10)]
    rounds = 8

    def refused_prescription() -> None:
        try:
            container.care.programme.prescribe(
                lmt, own.id, plan_id, CARE_START, CARE_START + timedelta(weeks=6), strengthening
            )
        except Forbidden:
            return
        raise AssertionError("an LMT prescribed strengthening")

    def hidden_read() -> None:
        try:
            container.diagnoses.list(lmt, foreign.id)
        except NotFound:
            return
        raise AssertionError("another clinic's diagnoses were read")

    def allowed_write() -> None:
        container.clients.create(chiro, ClientDetails(name="Concurrent Runner"))
        container.clients.update(chiro, other.id, replace(other.details, goals="steady"))

    waits: list[float] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def worker(call: Callable[[], None]) -> None:
        for _ in range(rounds):
            started = time.monotonic()
            try:
                call()
            except BaseException as exc:  # reported below, with what it was
                with lock:
                    failures.append(exc)
            with lock:
                waits.append(time.monotonic() - started)

    calls = [refused_prescription, refused_prescription, hidden_read, allowed_write, allowed_write]
    threads = [threading.Thread(target=worker, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=rounds * BOUND_S)
    assert not any(t.is_alive() for t in threads), "a writer is still waiting"
    assert not failures, failures
    print(f"\n{len(waits)} concurrent calls, longest {max(waits):.3f} s")
    assert len(waits) == rounds * len(calls) and max(waits) < BOUND_S
    assert _denials(container, world, "home_programme.prescribe") == 2 * rounds
    assert _denials(container, world, "diagnosis.") == rounds
    created = container.clients.list(chiro, "Concurrent Runner", limit=100).total
    assert created == 2 * rounds  # no allowed write was lost
