"""Evidence for patellofemoral pain beside each modality (data/evidence.json).

Information for the clinician, shown next to a modality; it never blocks a prescription and is
not shown to the client beside care their clinician prescribed (modalities.client_view gives
the plain-language purpose for that).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources

from kneecap.domain.care.modalities import Modality, ModalityPrescription


class Verdict(StrEnum):
    RECOMMENDED = "recommended"
    PART_OF_COMBINED_CARE = "part_of_combined_care"
    MAY_USE_SHORT_TERM = "may_use_short_term"
    MAY_USE = "may_use"
    NOT_RECOMMENDED_ALONE = "not_recommended_alone"
    NOT_RECOMMENDED = "not_recommended"
    NO_SPECIFIC_RECOMMENDATION = "no_specific_recommendation"


@dataclass(frozen=True, slots=True)
class Evidence:
    modality: Modality
    verdict: Verdict
    summary: str
    sources: tuple[str, ...]  # full citations
    check: bool  # verdict not confirmed from the primary source
    short_term_weeks: int | None = None
    cpg_grade: str | None = None  # JOSPT 2019 CPG grade of recommendation (A, B, C, ...)
    grade_check: bool = False  # the letter was not re-read from the guideline in this revision

    @property
    def grade_text(self) -> str:
        if self.cpg_grade is None:
            return ""
        return f"CPG grade {self.cpg_grade}" + (" (letter to confirm)" if self.grade_check else "")


@cache
def evidence_table() -> dict[Modality, Evidence]:
    raw = json.loads(
        resources.files("kneecap.domain.care").joinpath("data/evidence.json").read_text("utf-8")
    )
    citations: dict[str, str] = raw["sources"]
    return {
        Modality(key): Evidence(
            modality=Modality(key),
            verdict=Verdict(entry["verdict"]),
            summary=entry["summary"],
            sources=tuple(citations[s] for s in entry["sources"]),
            check=bool(entry["check"]),
            short_term_weeks=entry.get("short_term_weeks"),
            cpg_grade=entry.get("cpg_grade"),
            grade_check=bool(entry.get("grade_check", False)),
        )
        for key, entry in raw["modalities"].items()
    }


def evidence_for(modality: Modality) -> Evidence:
    return evidence_table()[modality]


def evidence_notes(item: ModalityPrescription) -> tuple[str, ...]:
    """Notes to show beside a planned modality, e.g. taping planned past its short-term window."""
    evidence = evidence_for(item.modality)
    notes = [evidence.summary]
    if evidence.grade_text:
        notes.append(evidence.grade_text + ".")
    if evidence.short_term_weeks is not None and item.weeks > evidence.short_term_weeks:
        notes.append(
            f"Planned for {item.weeks} weeks; the evidence covers about "
            f"{evidence.short_term_weeks} weeks."
        )
    if evidence.check:
        notes.append("Grade not confirmed from the primary source.")
    return tuple(notes)
