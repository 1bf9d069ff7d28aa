"""Scope screen: does a piece of text name a diagnosis? (Pure: text in, matches out.)

Massage acts commonly exclude diagnosis from massage therapy (CLINICAL.md, Scope of practice),
so text an LMT writes for a client is screened before it goes out. The screen flags:
  * codes from the clinic's ICD-10-CM catalogue (icd10.py), with or without the dot, and any
    other code shaped like an ICD-10-CM code (letter, 2 characters, dot, 1-4 characters);
  * the catalogue's condition titles (symptom titles such as "Pain in knee" are not diagnoses
    and are left out);
  * the word family "diagnos-" (diagnosis, diagnosed, diagnostic, ...);
  * the condition names the clinic uses, kept as data below (CONDITION_TERMS): a clinic adds
    its own there, not in code.

It is a screen, not a judge: a flagged text goes to the chiropractor with the reasons, who
decides. Ordinary words that share a stem with a condition are not matched: anatomy ("IT
band", "patellar tendon", "kneecap"), symptoms ("knee pain", "sore"), findings ("tight").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from kneecap.domain.clinical.icd10 import CODE_FAMILIES, CODES

# ICD-10-CM families whose title names a symptom, not a diagnosis (M25.56- "Pain in knee").
SYMPTOM_FAMILIES = frozenset({"knee_pain"})


class MatchKind(StrEnum):
    CODE = "icd10_code"
    CODE_SHAPE = "icd10_like_code"
    TITLE = "icd10_title"
    DIAGNOSIS_WORD = "diagnosis_word"
    CONDITION = "condition_name"


@dataclass(frozen=True)
class ConditionTerm:
    """A condition name the clinic uses; `pattern` is a regular expression (case-insensitive)."""

    id: str
    label: str
    pattern: str


_APOS = "['\u2019\u2018`\u00b4]?"  # runner's / runner’s / runners
_SEP = r"[\s\-]*"  # "patello-femoral", "patello femoral"
_YOUR = r"(?:your\s+|my\s+|the\s+|a\s+|his\s+|her\s+|their\s+)?"

# How each catalogue condition's title is written in prose. Every family in icd10.py that is
# not a symptom must have an entry (a test checks), so a new code cannot go unscreened.
TITLE_TERMS: dict[str, str] = {
    "patellofemoral_disorder": rf"\bpatello{_SEP}femoral\s+disorders?\b",
    "chondromalacia_patellae": r"\bchondromalacia\s+patellae?\b",
    "patellar_tendinitis": r"\bpatellar\s+tendinitis\b",
    "iliotibial_band_syndrome": r"\biliotibial\s+band\s+syndrome\b",
    "internal_derangement_knee": r"\binternal\s+derangement\b",
    "knee_sprain": rf"\bsprain\s+of\s+(?:unspecified\s+site\s+of\s+)?{_YOUR}knee\b",
}

# The condition names the clinic uses for runner's knee and its usual differentials.
CONDITION_TERMS: tuple[ConditionTerm, ...] = (
    ConditionTerm("pfps", "patellofemoral pain (syndrome)",
                  rf"\bpatello{_SEP}femoral{_SEP}pain\b"),
    ConditionTerm("pfps_acronym", "PFP / PFPS",
                  r"\bp\.?\s?f\.?\s?p\.?(?:\s?s\.?)?(?![a-z0-9])"),
    ConditionTerm("runners_knee", "runner's knee", rf"\brunners?{_APOS}s?\s+knees?\b"),
    ConditionTerm("chondromalacia", "chondromalacia", r"\bchondromalaci"),
    ConditionTerm("tendinopathy", "tendinopathy / tendinitis",
                  r"\btendin(?:opathy|opathies|itis|osis)\b|\btendonitis\b"),
    ConditionTerm("jumpers_knee", "jumper's knee", rf"\bjumpers?{_APOS}s?\s+knees?\b"),
    ConditionTerm("itbs", "iliotibial band syndrome",
                  r"\b(?:iliotibial|i\.?t\.?)\s+band\s+(?:friction\s+)?syndrome\b"
                  r"|\bitb\s*(?:friction\s+)?syndrome\b|\bitbs\b|\bitbfs\b"),
    ConditionTerm("meniscal_tear", "meniscal tear",
                  r"\bmenisc(?:us|al|i)\s+(?:tear|tears|torn|lesion|injury)\b"
                  rf"|\btorn\s+{_YOUR}menisc(?:us|i)\b"),
    ConditionTerm("ligament_tear", "ligament tear or rupture",
                  r"\b(?:acl|pcl|mcl|lcl|cruciate|collateral|ligament)\s+"
                  r"(?:tear|tears|torn|rupture|ruptured|sprain|injury)\b"
                  rf"|\b(?:torn|ruptured)\s+{_YOUR}(?:acl|pcl|mcl|lcl|ligament|cruciate)\b"),
    ConditionTerm("knee_sprain", "knee sprain",
                  rf"\bknee\s+sprain|\bsprained\s+{_YOUR}knee"),
    ConditionTerm("arthritis", "arthritis / osteoarthritis",
                  r"\b(?:osteo)?arthritis\b|\barthrosis\b"),
    ConditionTerm("osgood", "Osgood-Schlatter / Sinding-Larsen-Johansson",
                  r"\bosgood|\bsinding[\s\-]*larsen"),
    ConditionTerm("bursitis", "bursitis", r"\bbursitis\b"),
    ConditionTerm("plica", "plica syndrome", r"\bplica\s+syndrome\b"),
    ConditionTerm("fat_pad", "fat pad impingement (Hoffa)",
                  r"\bfat\s+pad\s+(?:impingement|syndrome)\b|\bhoffa"),
    ConditionTerm("patellar_instability", "patellar instability / dislocation",
                  r"\bpatell(?:ar|a)\s+(?:instability|subluxation|dislocation)\b"),
    ConditionTerm("fracture", "fracture", r"\b(?:stress\s+)?fractured?s?\b"),
)  # fmt: skip

DIAGNOSIS_WORD = re.compile(r"\bdiagnos\w*", re.IGNORECASE)
# ICD-10-CM shape: a capital letter (not U), a digit, a digit or letter, a dot, 1-4 characters.
# Capitals only, as codes are written, so "v12.3" (an app version) or "size 10.5" pass.
ICD_SHAPE = re.compile(r"\b[A-TV-Z]\d[0-9A-Z]\.[0-9A-Z]{1,4}\b")


@dataclass(frozen=True)
class ScopeMatch:
    kind: MatchKind
    matched: str  # the text as written
    start: int
    end: int
    reason: str  # for the LMT and the chiropractor, e.g. "names a condition: runner's knee"


@dataclass(frozen=True)
class ScreenResult:
    text: str
    matches: tuple[ScopeMatch, ...]

    @property
    def flagged(self) -> bool:
        return bool(self.matches)

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.reason for m in self.matches))


def _code_pattern(code: str) -> str:
    """A catalogue code as listed or without its dot, any case (M22.2X1, m222x1)."""
    head, _, tail = code.partition(".")
    return rf"\b{re.escape(head)}\.?{re.escape(tail)}\b" if tail else rf"\b{re.escape(head)}\b"


@cache
def _catalogue_patterns() -> tuple[tuple[MatchKind, re.Pattern[str], str], ...]:
    out: list[tuple[MatchKind, re.Pattern[str], str]] = []
    for code in sorted(CODES, key=len, reverse=True):  # longest first: S83.91XA before S83.91X
        reason = f"ICD-10 code {code} ({CODES[code].family.title})"
        out.append((MatchKind.CODE, re.compile(_code_pattern(code), re.IGNORECASE), reason))
    for fam in CODE_FAMILIES:
        if fam.id in TITLE_TERMS:
            pattern = re.compile(TITLE_TERMS[fam.id], re.IGNORECASE)
            out.append((MatchKind.TITLE, pattern, f"names an ICD-10 condition: {fam.title}"))
    return tuple(out)


def screen(text: str, conditions: Iterable[ConditionTerm] = CONDITION_TERMS) -> ScreenResult:
    """Every place `text` names a diagnosis, each with why; overlapping hits are kept once."""
    found: list[ScopeMatch] = []

    def add(kind: MatchKind, m: re.Match[str], reason: str) -> None:
        if any(m.start() < f.end and f.start < m.end() for f in found):
            return  # already covered by a more specific match
        found.append(ScopeMatch(kind, m.group(0), m.start(), m.end(), reason))

    for kind, pattern, reason in _catalogue_patterns():
        for m in pattern.finditer(text):
            add(kind, m, reason)
    for m in ICD_SHAPE.finditer(text):
        add(MatchKind.CODE_SHAPE, m, f"looks like an ICD-10 code: {m.group(0)}")
    for term in conditions:
        for m in re.finditer(term.pattern, text, re.IGNORECASE):
            add(MatchKind.CONDITION, m, f"names a condition: {term.label}")
    for m in DIAGNOSIS_WORD.finditer(text):
        add(MatchKind.DIAGNOSIS_WORD, m, "speaks of a diagnosis")
    return ScreenResult(text, tuple(sorted(found, key=lambda f: f.start)))
