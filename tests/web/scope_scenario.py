"""The scope-of-practice scenario: an LMT writes the issue's repro text into every clinical
text a clinician can write for a client, through the real routes; the chiropractor writes
theirs. Used by the client-visible-text tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from kneecap.bootstrap import Container
from kneecap.domain.clinical.intake import TrainingChange, TrainingChangeKind
from kneecap.domain.schedule.hours import HoursBlock
from kneecap.ports.gait import AnalysisOutput, VideoFacts
from kneecap.services.appointments import Booking
from tests.factories import CARE_START as START
from tests.factories import World, pfp_intake, signed_plan_with_programme
from tests.web.conftest import sign_in

REPRO = "DIAGNOSIS: M22.2X1 patellofemoral pain syndrome right knee"
CHIRO_NOTE = "Chiropractor's note for the client: load the knee gradually."
PLAIN = "Running downhill for 20 minutes"  # an LMT's text the scope screen does not flag


class FakeAnalyzer:
    """Stands in for the video pipeline: any upload is a 30 fps side video, and its analysis
    names one automated cue."""

    def probe(self, path: Path) -> VideoFacts:
        return VideoFacts(480, 270, 30.0, 8.0)

    def analyze(
        self,
        path: Path,
        view: str,
        height_cm: float | None,
        out_dir: Path,
        progress: Callable[[float], None],
        *,
        belt_speed_ms: float | None = None,
        fps: float | None = None,
    ) -> AnalysisOutput:
        out_dir.mkdir(parents=True, exist_ok=True)
        files = {
            "video": out_dir / "annotated.mp4",
            "json": out_dir / "metrics.json",
            "report": out_dir / "report.html",
        }
        files["video"].write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64)
        files["json"].write_text('{"cadence_spm": 164}')
        files["report"].write_text("<html><body>Running-form report</body></html>")
        progress(1.0)
        metrics: dict[str, Any] = {
            "fps": 30.0,
            "view": "side",
            "cadence_spm": 164.0,
            "n_steps": 12,
            "duration_s": 8.0,
            "per_side": {"left": {"foot_strike": "heel"}, "right": {"foot_strike": "heel"}},
            "notes": [],
            "steps": [{"side": "left", "ic_s": 0.5}, {"side": "right", "ic_s": 0.86}],
            "feedback": [{"rule": "cadence", "text": "Try about 5% quicker steps."}],
        }
        return AnalysisOutput(metrics, files)


@dataclass
class Scene:
    client_id: int  # the runner whose view is checked (client1 of clinic A)
    other_id: int  # client2: an LMT's unsigned draft plan is all they have
    plan_id: int
    assessment_id: int
    analysis_id: int
    job_id: int
    attachment_id: int = 0  # a photo sent with the LMT's held message
    notices: dict[str, str] = field(default_factory=dict)  # what the LMT was told, by writer


INTAKE = {
    "complaint_side": "right",
    "onset": "gradual",
    "mechanism": "overuse",
    "onset_date": "2026-01-20",
    "age_years": "29",
    "regions": ["peripatellar"],
    "provocations": ["stairs_down"],
    "usual_pain": "3",
    "worst_pain": "6",
}
PLAN_ROWS = {  # the signed plan's strengthening kept unchanged, massage added by the LMT
    "m0_modality": "strengthening", "m0_area": "knee", "m0_dose": "1", "m0_per_week": "3",
    "m0_weeks": "6", "m0_side": "both",
    "m1_modality": "massage_therapy", "m1_area": "thigh", "m1_dose": "45", "m1_per_week": "1",
    "m1_weeks": "6", "m1_side": "both",
}  # fmt: skip


def build_scene(app: TestClient, container: Container, world: World, tmp: Path) -> Scene:
    cid, other = world.a.clients[0].id, world.a.clients[1].id
    lmt = world.a.caller("lmt")
    # The chiropractor: a signed plan and programme, and a released diagnosis with a note.
    pid = signed_plan_with_programme(container, world).id
    csrf = sign_in(app, world.a.users["chiropractor"].email)
    h = {"X-CSRF-Token": csrf}
    d = app.post(f"/api/v1/clients/{cid}/diagnoses", headers=h,
                 json={"code": "M22.2X1", "side": "right", "note": CHIRO_NOTE})  # fmt: skip
    assert d.status_code == 201, d.text
    r = app.post(f"/api/v1/clients/{cid}/diagnoses/{d.json()['id']}/release", headers=h)
    assert r.status_code == 200, r.text

    # A running-form analysis the LMT reviews.
    clip = tmp / "run.mp4"
    clip.write_bytes(b"not decoded: the fake analyser reads nothing")
    upload = container.gait.upload(lmt, cid, clip, "run.mp4", "side", 175.0)
    container.jobs.run(upload.job.id)
    gid = upload.analysis.id

    csrf = sign_in(app, world.a.users["lmt"].email)
    h = {"X-CSRF-Token": csrf}
    scene = Scene(cid, other, pid, 0, gid, upload.job.id)
    # A visit booked for client1, so the home's next-appointment step renders.
    admin = world.a.caller("admin")
    lmt_id = world.a.users["lmt"].id
    container.appointments.set_hours(admin, lmt_id, [HoursBlock(2, time(9), time(12))])
    starts = datetime(2026, 3, 4, 9, tzinfo=UTC)
    container.appointments.book(lmt, Booking(cid, lmt_id, "follow_up", starts))

    # 1. The client record (the first repro request).
    r = app.get(f"/api/v1/clients/{cid}")
    body = {**r.json(), "goals": REPRO, "sports": ["running", REPRO]}
    for k in ("id", "has_portal_account", "notices"):
        body.pop(k)
    r = app.put(f"/api/v1/clients/{cid}", json=body, headers=h)
    assert r.status_code == 200, r.text
    scene.notices["record"] = " ".join(r.json()["notices"])

    # 2. Amending the signed plan with a goal and a visit purpose (the second and third).
    r = app.post(
        f"/clients/{cid}/care/plans/{pid}/amend",
        data={"csrf_token": csrf, "start": START.isoformat(), "goals": REPRO,
              "visits": f"{(START + timedelta(weeks=3)).isoformat()} lmt {REPRO}",
              "reason": f"Reason: {REPRO}", **PLAN_ROWS},
    )  # fmt: skip
    assert r.status_code == 303, r.text
    scene.notices["amend_page"] = app.get(r.headers["location"]).text
    # ... and by the API, with a modality note too (it supersedes the first).
    amended = {
        "start": START.isoformat(),
        "reason": "Add massage",
        "goals": [{"description": REPRO}],
        "modalities": [
            {"modality": "strengthening", "area": "knee", "dose": 1, "per_week": 3, "weeks": 6},
            {"modality": "massage_therapy", "area": "thigh", "dose": 45, "per_week": 1,
             "weeks": 6, "notes": REPRO},
        ],
        "planned_visits": [
            {"on": (START + timedelta(weeks=3)).isoformat(), "provider_role": "lmt",
             "purpose": REPRO},
        ],
    }  # fmt: skip
    r = app.post(f"/api/v1/clients/{cid}/care-plans/{pid}/amendments", json=amended, headers=h)
    assert r.status_code == 201, r.text
    scene.notices["amend"] = r.json()["notice"]

    # 3. An LMT's unsigned draft plan, the only plan client 2 has (the fourth).
    draft = {**amended, "modalities": amended["modalities"][1:]}  # the LMT's own: massage
    draft.pop("reason")
    r = app.post(f"/api/v1/clients/{other}/care-plans", json=draft, headers=h)
    assert r.status_code == 201, r.text

    # 4. A home programme with notes (stretches are within an LMT's scope).
    programme = {
        "plan_id": pid,
        "start": START.isoformat(),
        "end": (START + timedelta(weeks=6)).isoformat(),
        "exercises": [
            {"exercise_id": "quadriceps_stretch", "sets": 3, "reps": 0, "hold_seconds": 30,
             "load_note": REPRO, "notes": REPRO},
            {"exercise_id": "calf_stretch_gastrocnemius", "sets": 3, "reps": 0,
             "hold_seconds": 30},
        ],
    }  # fmt: skip
    r = app.post(f"/api/v1/clients/{cid}/home-programme", json=programme, headers=h)
    assert r.status_code == 201, r.text

    # 5. A PSFS the LMT writes down for the client.
    for activity in (REPRO, PLAIN):  # the second is one the scope screen does not flag
        psfs = {"instrument": "psfs", "activities": [{"activity": activity, "rating": 4}]}
        r = app.post(f"/api/v1/clients/{cid}/outcomes", json=psfs, headers=h)
        assert r.status_code == 201, r.text

    # 6. The intake, with the goal and the history in the LMT's words.
    r = app.post(
        f"/clients/{cid}/intake",
        data={**INTAKE, "csrf_token": csrf, "goals": REPRO, "previous_injuries": REPRO,
              "previous_surgery": REPRO},
    )  # fmt: skip
    assert r.status_code == 303, r.text
    # ... and through the service, with a training change described (no form asks for it).
    answers = pfp_intake()
    change = TrainingChange(TrainingChangeKind.OTHER, 3, REPRO)
    intake = replace(answers.intake, goals=(REPRO,), recent_changes=(change,))
    container.assessments.record_intake(lmt, cid, replace(answers, intake=intake))

    # 7. Running-form cues and a review comment.
    n = len(container.gait.page(lmt, gid).analysis.feedback)
    cues = {f"cue_{i}": REPRO for i in range(n)}
    r = app.post(f"/gait/{gid}/feedback",
                 data={"csrf_token": csrf, "count": str(n), **cues, "added": REPRO})  # fmt: skip
    assert r.status_code == 303, r.text
    scene.notices["cues"] = app.get(r.headers["location"]).text
    r = app.post(f"/gait/{gid}/comments", data={"csrf_token": csrf, "t_s": "1", "text": REPRO})
    assert r.status_code == 303, r.text

    # 8. The clinic's own record, never the client's: an examination with its note and a
    # handoff, a visit note, a red-flag report.
    r = app.post(f"/clients/{cid}/assessments", data={"csrf_token": csrf})
    assert r.status_code == 303, r.text
    scene.assessment_id = aid = int(r.headers["location"].rsplit("/", 1)[1])
    note = {f: REPRO for f in ("subjective", "objective", "assessment", "plan")}
    r = app.post(f"/clients/{cid}/assessments/{aid}", data={"csrf_token": csrf, **note})
    assert r.status_code == 303, r.text
    assert app.post(f"/clients/{cid}/assessments/{aid}/sign", data={"csrf_token": csrf}).is_redirect
    r = app.post(f"/clients/{cid}/assessments/{aid}/handoff",
                 data={"csrf_token": csrf, "message": REPRO})  # fmt: skip
    assert r.status_code == 303, r.text
    r = app.post(f"/clients/{cid}/care/notes",
                 data={"csrf_token": csrf, "plan_id": str(pid), "visit_date": "2026-03-01",
                       **note})  # fmt: skip
    assert r.status_code == 303, r.text
    r = app.post(f"/clients/{cid}/care/red-flags", data={"csrf_token": csrf, "text": REPRO})
    assert r.status_code == 303, r.text

    # 9. A message to the client, with a photo: held, as it names a diagnosis.
    r = app.post(f"/clients/{cid}/messages", data={"csrf_token": csrf, "text": REPRO},
                 files=[("files", ("exercise.png", b"\x89PNG not decoded"))])  # fmt: skip
    assert r.status_code == 303 and "sent=held" in r.headers["location"], r.text
    scene.notices["message"] = app.get(r.headers["location"].split("#")[0]).text
    (held,) = container.messages.thread(lmt, cid).messages
    scene.attachment_id = held.attachments[0].id

    return scene
