"""Render a ReferralLetter as PDF bytes (fpdf2, imported lazily) or as printable HTML.

The PDF is set in DejaVu Sans where the machine has it (fonts.find_dejavu, as the hand-out),
so names such as "Łukasz" print as written. Without it, the built-in Helvetica (Latin-1):
`latin1` maps the typographic characters the domain uses (dashes, >=, quotes) to Latin-1
equivalents and anything else becomes "?" rather than failing the letter.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from kneecap.adapters.documents.fonts import find_dejavu
from kneecap.domain.clinical.referral_letter import ReferralLetter

_LATIN1 = str.maketrans(
    {
        "—": "-",
        "–": "-",
        "≥": ">=",
        "≤": "<=",
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "…": "...",
        "•": "-",
    }
)
_DISCLAIMER = (
    "Decision rules support the clinician's judgement; the referring clinician made this decision."
)


def latin1(text: str) -> str:
    return text.translate(_LATIN1).encode("latin-1", errors="replace").decode("latin-1")


def _patient(letter: ReferralLetter) -> str:
    born = f", born {letter.date_of_birth.isoformat()}" if letter.date_of_birth else ""
    return f"{letter.patient_name}{born}, age {letter.patient_age_years}; knee: {letter.side}"


def _stamp(letter: ReferralLetter) -> str:
    return letter.note_signed_at.strftime("%Y-%m-%d %H:%M %Z").strip()


def render_referral_pdf(letter: ReferralLetter) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(format="A4")
    fonts = find_dejavu()
    clean: Callable[[str], str]
    if fonts is not None:
        pdf.add_font("body", "", str(fonts[0]))
        pdf.add_font("body", "B", str(fonts[1]))
        oblique = fonts[0].with_name("DejaVuSans-Oblique.ttf")
        pdf.add_font("body", "I", str(oblique if oblique.is_file() else fonts[0]))
        family, clean = "body", str
    else:
        family, clean = "Helvetica", latin1
    pdf.set_title(clean(letter.heading))
    pdf.set_author(clean(letter.clinician_name))
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def line(text: str, size: float = 10, style: str = "", gap: float = 5.5) -> None:
        pdf.set_font(family, style, size)
        pdf.multi_cell(width, gap, clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def section(title: str) -> None:
        pdf.ln(3)
        line(title, 11, "B", 7)
        pdf.set_draw_color(150, 150, 150)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.ln(1.5)

    line(letter.clinic_name, 9, "B", 5)
    for part in letter.clinic_address.splitlines():
        line(part, 9, "", 4.5)
    line(f"Date: {letter.dated.isoformat()}", 9, "", 5)
    pdf.ln(4)
    if letter.urgent:
        pdf.set_text_color(170, 0, 0)
    line(letter.heading, 16, "B", 9)
    pdf.set_text_color(0, 0, 0)
    line(f"To: {letter.recipient}")
    line(f"Patient: {_patient(letter)}")
    section("Reason for referral")
    line(letter.reason)
    section("History")
    for h in letter.history or ("No history was recorded.",):
        line(h)
    if letter.diagnoses:
        section("Diagnosis (chiropractor)")
        for d in letter.diagnoses:
            line(f"- {d}")
    section("Signed examination findings")
    for f in letter.findings or ("No examination findings were recorded on the note.",):
        line(f"- {f}")
    if letter.assessment.strip():
        pdf.ln(1)
        line(f"Assessment: {letter.assessment}")
    line(f"Note signed {_stamp(letter)}; amendments since signing: {letter.amendments}.", 8, "I")
    section("Decision rules that fired")
    if not letter.rules:
        line("None: referral on clinical judgement.")
    for rule in letter.rules:
        line(rule.title, 10, "B")
        for c in rule.criteria:
            line(f"   - {c}")
        line(f"Source: {rule.source}", 8, "I", 4.5)
        pdf.ln(1)
    pdf.ln(8)
    line(letter.clinician_name, 11, "B")
    line(_DISCLAIMER, 8, "I", 4.5)
    return bytes(pdf.output())


def render_referral_html(letter: ReferralLetter) -> str:
    e = html.escape
    findings = "".join(f"<li>{e(f)}</li>" for f in letter.findings) or (
        "<li>No examination findings were recorded on the note.</li>"
    )
    rules = (
        "".join(
            f"<section class='rule'><h3>{e(r.title)}</h3><ul>"
            + "".join(f"<li>{e(c)}</li>" for c in r.criteria)
            + f"</ul><p class='source'>Source: {e(r.source)}</p></section>"
            for r in letter.rules
        )
        or "<p>None: referral on clinical judgement.</p>"
    )
    assessment = f"<p>Assessment: {e(letter.assessment)}</p>" if letter.assessment.strip() else ""
    history = "".join(f"<p>{e(h)}</p>" for h in letter.history) or "<p>No history was recorded.</p>"
    diagnoses = (
        "<h2>Diagnosis (chiropractor)</h2><ul>"
        + "".join(f"<li>{e(d)}</li>" for d in letter.diagnoses)
        + "</ul>"
        if letter.diagnoses
        else ""
    )
    address = "".join(f"<br>{e(part)}" for part in letter.clinic_address.splitlines())
    urgent = " urgent" if letter.urgent else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{e(letter.heading)}</title>
<style>
body {{ font-family: 'DejaVu Sans', Helvetica, Arial, sans-serif; max-width: 42rem;
  margin: 2rem auto; }}
h1.urgent {{ color: #a00; }} .source, .meta {{ font-size: .8rem; font-style: italic; }}
h2 {{ border-bottom: 1px solid #999; font-size: 1.05rem; }}
@media print {{ body {{ margin: 0; }} }}
</style></head><body>
<p class="meta"><strong>{e(letter.clinic_name)}</strong>{address}
<br>Date: {letter.dated.isoformat()}</p>
<h1 class="heading{urgent}">{e(letter.heading)}</h1>
<p>To: {e(letter.recipient)}<br>Patient: {e(_patient(letter))}</p>
<h2>Reason for referral</h2><p>{e(letter.reason)}</p>
<h2>History</h2>{history}{diagnoses}
<h2>Signed examination findings</h2><ul>{findings}</ul>{assessment}
<p class="meta">Note signed {e(_stamp(letter))}; amendments since signing: {letter.amendments}.</p>
<h2>Decision rules that fired</h2>{rules}
<p><strong>{e(letter.clinician_name)}</strong></p><p class="meta">{e(_DISCLAIMER)}</p>
</body></html>
"""


class FpdfReferralRenderer:
    """The referral letter as fpdf2 PDF bytes and printable HTML (the ReferralRenderer port)."""

    def to_pdf(self, letter: ReferralLetter) -> bytes:
        return render_referral_pdf(letter)

    def to_html(self, letter: ReferralLetter) -> str:
        return render_referral_html(letter)
