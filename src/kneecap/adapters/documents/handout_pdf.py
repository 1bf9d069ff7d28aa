"""Client hand-out as PDF bytes (fpdf2, pure Python) and as printable HTML."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from kneecap.adapters.documents.fonts import find_dejavu
from kneecap.domain.care.handout import Handout

_LATIN1_SWAPS = {"\u2013": "-", "\u2014": "-", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                 "\u2022": "-", "\u2264": "<=", "\u2265": ">=", "\u00d7": "x"}  # fmt: skip


def _latin1(text: str) -> str:
    for char, swap in _LATIN1_SWAPS.items():
        text = text.replace(char, swap)
    return text.encode("latin-1", "replace").decode("latin-1")


def _period(h: Handout) -> str:
    return f"{h.programme_start:%d %b %Y} to {h.programme_end:%d %b %Y}"


def render_handout_pdf(handout: Handout) -> bytes:
    from fpdf import FPDF

    pdf: Any = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(f"Home programme - {handout.client_name}")
    fonts = find_dejavu()
    clean: Callable[[str], str]
    if fonts is not None:
        pdf.add_font("body", "", str(fonts[0]))
        pdf.add_font("body", "B", str(fonts[1]))
        family, clean = "body", str
    else:
        family, clean = "Helvetica", _latin1
    pdf.add_page()
    width = pdf.epw

    def para(text: str, size: float = 10, style: str = "", gap: float = 1.5) -> None:
        pdf.set_font(family, style, size)
        pdf.multi_cell(width, size * 0.5, clean(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    para(handout.clinic_name, 9, gap=0)
    para(f"Your home programme, {handout.client_name}", 16, "B", 1)
    para(f"Issued {handout.issued_on:%d %b %Y}. Programme: {_period(handout)}.", 9, gap=3)
    if handout.goals:
        para("Your goals", 12, "B", 0.5)
        for goal in handout.goals:
            para(f"\u2022 {goal}", gap=0.5)
        pdf.ln(2)
    if handout.care_items:
        para("Care in the clinic", 12, "B", 0.5)
        for item in handout.care_items:
            para(f"\u2022 {item}", gap=0.5)
        pdf.ln(2)
    para("How much pain is OK", 12, "B", 0.5)
    para(handout.pain_guide, gap=3)
    para("Exercises", 12, "B", 1)
    for number, exercise in enumerate(handout.exercises, start=1):
        pdf.set_draw_color(180, 180, 180)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + width, pdf.get_y())
        pdf.ln(1.5)
        para(f"{number}. {exercise.name}", 11, "B", 0.5)
        para(f"Dose: {exercise.dose}", 10, "B", 0.5)
        para(exercise.purpose, 9, gap=0.8)
        for cue in exercise.cues:
            para(f"\u2022 {cue}", 9, gap=0.3)
        if exercise.notes:
            para(f"Note: {exercise.notes}", 9, gap=0.3)
        pdf.ln(2)
    return bytes(pdf.output())


def render_handout_html(handout: Handout) -> str:
    e = html.escape
    goals = "".join(f"<li>{e(g)}</li>" for g in handout.goals)
    care = "".join(f"<li>{e(c)}</li>" for c in handout.care_items)
    blocks = []
    for exercise in handout.exercises:
        cues = "".join(f"<li>{e(c)}</li>" for c in exercise.cues)
        note = f"<p class='note'>Note: {e(exercise.notes)}</p>" if exercise.notes else ""
        blocks.append(
            f"<section class='exercise'><h3>{e(exercise.name)}</h3>"
            f"<p class='dose'>Dose: {e(exercise.dose)}</p><p>{e(exercise.purpose)}</p>"
            f"<ul>{cues}</ul>{note}</section>"
        )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Home programme - {e(handout.client_name)}</title><style>"
        "body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:48rem;margin:2rem auto;"
        "line-height:1.4}.exercise{border-top:1px solid #bbb;padding-top:.5rem;"
        "break-inside:avoid}.dose{font-weight:bold}@media print{body{margin:0}}"
        "</style></head><body>"
        f"<p>{e(handout.clinic_name)}</p><h1>Your home programme, {e(handout.client_name)}</h1>"
        f"<p>Issued {handout.issued_on:%d %b %Y}. Programme: {e(_period(handout))}.</p>"
        + (f"<h2>Your goals</h2><ul>{goals}</ul>" if goals else "")
        + (f"<h2>Care in the clinic</h2><ul>{care}</ul>" if care else "")
        + f"<h2>How much pain is OK</h2><p>{e(handout.pain_guide)}</p>"
        + f"<h2>Exercises</h2>{''.join(blocks)}</body></html>"
    )


class FpdfHandoutRenderer:
    """HandoutRenderer port implementation."""

    def to_pdf(self, handout: Handout) -> bytes:
        return render_handout_pdf(handout)

    def to_html(self, handout: Handout) -> str:
        return render_handout_html(handout)
