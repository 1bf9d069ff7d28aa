"""The referral PDF and HTML renderings contain the letter and survive non-Latin-1 text."""

import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kneecap.adapters.documents.fonts import find_dejavu
from kneecap.adapters.documents.referral_pdf import (
    latin1,
    render_referral_html,
    render_referral_pdf,
)
from kneecap.domain.clinical.referral_letter import FiredRule, ReferralKind, ReferralLetter
from kneecap.domain.clinical.side import Laterality

LETTER = ReferralLetter(
    kind=ReferralKind.XRAY, recipient="Dr. Avery <Radiology>", clinic_name="Kneecap Clinic",
    patient_name="Zoë Łukasz", patient_age_years=58, side=Laterality.LEFT,
    reason="Ottawa knee rule positive after a fall", urgent=False,
    findings=("Active knee flexion (left): 80° — below reference",),
    assessment="Possible fracture", clinician_name="Dr. Kim Novak, DC",
    rules=(FiredRule("Ottawa knee rules", "Stiell IG et al. 1995", ("Age 55 or over",), "x"),),
    note_signed_at=datetime(2025, 3, 4, 15, tzinfo=UTC), amendments=1, dated=date(2025, 3, 4),
    date_of_birth=date(1966, 5, 1), clinic_address="ul. Długa 5\n00-238 Warszawa",
    history=("Gradual onset, overuse, 6 weeks ago.", "Pain on stairs since the marathon."),
    diagnoses=("M22.2X2 Patellofemoral disorders (left)",),
)  # fmt: skip


def test_pdf_is_a_pdf_with_the_letter_text(tmp_path: Path) -> None:
    data = render_referral_pdf(LETTER)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed; cannot read the PDF text back")
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(data)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    unicode = find_dejavu() is not None  # as the hand-out: DejaVu Sans where the machine has it
    name, dash = ("Zoë Łukasz", "—") if unicode else ("Zoë ?ukasz", "-")
    for expected in ("Request for knee radiography", name, f"80° {dash} below reference",
                     "Age 55 or over", "Stiell IG et al. 1995", "Dr. Kim Novak, DC",
                     "born 1966-05-01", "Długa 5" if unicode else "D?uga 5", "00-238 Warszawa",
                     "History", "Pain on stairs since the marathon", "Diagnosis (chiropractor)",
                     "M22.2X2 Patellofemoral disorders (left)"):  # fmt: skip
        assert expected in text.stdout, expected


def test_the_pdf_finds_a_unicode_font_here() -> None:
    # The test environment has DejaVu Sans (the matplotlib wheel the pose model pulls in, or
    # Debian's fonts-dejavu), so here the letter prints in it, not the Latin-1 fallback.
    assert find_dejavu() is not None


def test_html_escapes_and_keeps_unicode() -> None:
    page = render_referral_html(LETTER)
    assert "Dr. Avery &lt;Radiology&gt;" in page
    assert "Zoë Łukasz" in page and "Source: Stiell IG et al. 1995" in page
    assert "born 1966-05-01" in page and "ul. Długa 5<br>00-238 Warszawa" in page
    assert "<h2>History</h2>" in page and "M22.2X2 Patellofemoral disorders (left)" in page


def test_latin1_mapping() -> None:
    assert latin1("≥ 90° — ok") == ">= 90° - ok"
