"""Helpers for the care web tests: a signed plan with a home programme, built through the API."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.support.world import World
from tests.web.conftest import sign_in

START = date(2026, 2, 16)  # two weeks before the FixedClock's 2026-03-02

PLAN: dict[str, Any] = {
    "start": START.isoformat(),
    "goals": [{"description": "Run 10 km without pain"}],
    "modalities": [
        {"modality": "strengthening", "area": "knee", "dose": 1, "per_week": 3, "weeks": 6},
        {"modality": "massage_therapy", "area": "thigh", "dose": 45, "per_week": 1, "weeks": 6},
        {"modality": "ice_heat", "area": "knee", "dose": 15, "per_week": 7, "weeks": 2},
        {
            "modality": "kinesiology_taping",
            "area": "patellofemoral",
            "dose": 3,
            "per_week": 2,
            "weeks": 3,
        },
        {"modality": "chiropractic_adjustment", "area": "pelvis", "per_week": 1, "weeks": 4},
    ],
}
EXERCISES = [
    {"exercise_id": "clamshell_band", "sets": 3, "reps": 12, "load_note": "light band"},
    {"exercise_id": "side_lying_hip_abduction", "sets": 3, "reps": 10},
    {"exercise_id": "wall_squat_0_45", "sets": 3, "reps": 10},
    {"exercise_id": "step_up", "sets": 3, "reps": 10, "load_kg": 5},
    {
        "exercise_id": "quadriceps_stretch",
        "sets": 3,
        "reps": 0,
        "hold_seconds": 30,
        "days_per_week": 5,
    },
]


def signed_plan_with_programme(client: TestClient, world: World, client_index: int = 0) -> int:
    """As clinic A's chiropractor: plan with five modalities, signed, five-exercise programme."""
    csrf = sign_in(client, world.a.users["chiropractor"].email)
    cid = world.a.clients[client_index].id
    h = {"X-CSRF-Token": csrf}
    plan = client.post(f"/api/v1/clients/{cid}/care-plans", json=PLAN, headers=h)
    assert plan.status_code == 201, plan.text
    pid = plan.json()["id"]
    signed = client.post(f"/api/v1/clients/{cid}/care-plans/{pid}/sign", headers=h)
    assert signed.json()["status"] == "signed"
    body = {
        "plan_id": pid,
        "start": START.isoformat(),
        "end": (START + timedelta(weeks=6)).isoformat(),
        "exercises": EXERCISES,
    }
    made = client.post(f"/api/v1/clients/{cid}/home-programme", json=body, headers=h)
    assert made.status_code == 201, made.text
    return pid
