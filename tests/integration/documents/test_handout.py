import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest

from kneecap.adapters.documents.handout_pdf import render_handout_html, render_handout_pdf
from kneecap.domain.access.roles import Role
from kneecap.domain.care.exercises import load_library
from kneecap.domain.care.handout import Handout, build_handout
from kneecap.domain.care.modalities import Modality, ModalityPrescription
from kneecap.domain.care.plan import Goal, PlanContent, new_plan, sign_plan
from kneecap.domain.care.prescriptions import ExercisePrescription, prescribe_programme


def sample_handout() -> Handout:
    at = datetime(2025, 3, 3, 9, 0)
    plan = new_plan(
        plan_id=1,
        client_id=1,
        author_id="dc",
        author_role=Role.CHIROPRACTOR,
        created_at=at,
        start=date(2025, 3, 3),
        content=PlanContent(
            goals=(Goal("Run 5 km without knee pain"), Goal("Stairs without pain — both ways")),
            modalities=(
                ModalityPrescription(Modality.MASSAGE, "thigh", 45, 1, 6),
                ModalityPrescription(Modality.KINESIOLOGY_TAPING, "knee", 3, 2, 4),
            ),
        ),
    )
    plan = sign_plan(plan, signer_id="dc", signer_role=Role.CHIROPRACTOR, at=at)
    programme = prescribe_programme(
        programme_id=1,
        client_id=1,
        plan_id=1,
        prescribed_by="dc",
        prescriber_role=Role.CHIROPRACTOR,
        start=date(2025, 3, 3),
        end=date(2025, 4, 13),
        prescriptions=[
            ExercisePrescription("clamshell_band", 3, 12, load_note="light band", days_per_week=3),
            ExercisePrescription(
                "wall_squat_0_45",
                3,
                10,
                hold_seconds=5,
                days_per_week=3,
                notes="Stop at 45° — no deeper for now.",
            ),
            ExercisePrescription("forward_step_down", 2, 8, days_per_week=3),
            ExercisePrescription("hamstring_stretch", 3, 0, 30, days_per_week=7),
        ],
        library=load_library(),
    )
    return build_handout(
        plan=plan,
        programme=programme,
        library=load_library(),
        clinic_name="Riverside Running Clinic",
        client_name="Zoë Åberg",
        issued_on=date(2025, 3, 3),
    )


def test_pdf_has_the_exercises_and_doses(tmp_path: Path) -> None:
    data = render_handout_pdf(sample_handout())
    assert data.startswith(b"%PDF-")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed; PDF text not checked")
    pdf = tmp_path / "handout.pdf"
    pdf.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in (
        "Clamshell with band",
        "3 x 12",
        "light band",
        "Wall squat 0 to 45 degrees",
        "Hamstring stretch",
        "hold 30 s",
        "7 days/week",
        "How much pain is OK",
    ):
        assert expected in text


def test_html_is_escaped_and_complete() -> None:
    handout = sample_handout()
    page = render_handout_html(handout)
    assert page.startswith("<!doctype html>")
    assert "Zoë Åberg" in page
    assert page.count("class='exercise'") == 4
    assert "Massage therapy, thigh: 45 minutes per session, 1x/week for 6 weeks" in page
    bad = render_handout_html(
        Handout(
            "<b>Clinic</b>", "A", date(2025, 3, 3), date(2025, 3, 3), date(2025, 3, 4), (), (), ()
        )
    )
    assert "<b>Clinic</b>" not in bad and "&lt;b&gt;Clinic&lt;/b&gt;" in bad


def test_pdf_falls_back_to_latin1_without_a_unicode_font(monkeypatch: pytest.MonkeyPatch) -> None:
    import kneecap.adapters.documents.handout_pdf as module

    monkeypatch.setattr(module, "find_dejavu", lambda: None)
    assert render_handout_pdf(sample_handout()).startswith(b"%PDF-")
