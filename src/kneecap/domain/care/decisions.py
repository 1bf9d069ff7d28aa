"""The chiropractor's recorded decision on an escalation alert, and red flags raised in care.

Kneecap raises the alert; the clinician decides (shared/CLINICAL.md). The decision keeps the data
the alert showed at the time, so a later reader sees what it was based on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from kneecap.domain.care.errors import CareError


class DecisionKind(StrEnum):
    REFER_INJECTION = "refer_injection"
    REFER_SURGICAL_CONSULT = "refer_surgical_consult"
    REFER_OTHER = "refer_other"
    CONTINUE_CONSERVATIVE = "continue_conservative"
    # The review escalation asks for before referral: the diagnosis, home-programme adherence
    # and the dose were looked at (escalation.py); its day starts the reviewed care's time.
    REVIEWED_CARE = "reviewed_care"
    MEASURES_REQUESTED = "measures_requested"

    @property
    def label(self) -> str:
        return {
            DecisionKind.REFER_INJECTION: "Refer for injection",
            DecisionKind.REFER_SURGICAL_CONSULT: "Refer for a surgical consult",
            DecisionKind.REFER_OTHER: "Refer elsewhere (see note)",
            DecisionKind.CONTINUE_CONSERVATIVE: "Continue conservative care",
            DecisionKind.REVIEWED_CARE: "Care reviewed (diagnosis, adherence, dose): "
            "continue the reviewed care",
            DecisionKind.MEASURES_REQUESTED: "Measures requested (AKPS, pain)",
        }[self]


# What the alert's form offers for each trigger (escalation.Trigger values), in order. Injection
# and a surgical consult are offered once a review found no improvement (escalation.py); the
# clinician can always refer elsewhere with a note, or keep conservative care.
OFFERED: dict[str, tuple[DecisionKind, ...]] = {
    "red_flag": (DecisionKind.REFER_OTHER, DecisionKind.CONTINUE_CONSERVATIVE),
    "worsening": (
        DecisionKind.REVIEWED_CARE,
        DecisionKind.REFER_OTHER,
        DecisionKind.CONTINUE_CONSERVATIVE,
    ),
    "measures_due": (DecisionKind.MEASURES_REQUESTED, DecisionKind.CONTINUE_CONSERVATIVE),
    "no_meaningful_improvement": (
        DecisionKind.REVIEWED_CARE,
        DecisionKind.REFER_OTHER,
        DecisionKind.CONTINUE_CONSERVATIVE,
    ),
    "no_improvement_after_review": (
        DecisionKind.REFER_INJECTION,
        DecisionKind.REFER_SURGICAL_CONSULT,
        DecisionKind.REFER_OTHER,
        DecisionKind.REVIEWED_CARE,
        DecisionKind.CONTINUE_CONSERVATIVE,
    ),
}


def offered(trigger: str) -> tuple[DecisionKind, ...]:
    return OFFERED.get(trigger, tuple(DecisionKind))


@dataclass(frozen=True, slots=True)
class EscalationDecision:
    id: int | None
    client_id: int
    decided_by: int
    decided_at: datetime
    trigger: str
    decision: DecisionKind
    note: str
    evidence: str  # the alert's message and figures at decision time


@dataclass(frozen=True, slots=True)
class RedFlagReport:
    id: int | None
    client_id: int
    reported_by: int
    reported_at: datetime
    text: str


def make_decision(
    *,
    client_id: int,
    decided_by: int,
    decided_at: datetime,
    trigger: str,
    decision: str,
    note: str,
    evidence: str,
) -> EscalationDecision:
    try:
        kind = DecisionKind(decision)
    except ValueError:
        choices = ", ".join(k.value for k in DecisionKind)
        raise CareError(f"Unknown decision {decision!r}; choose one of {choices}.") from None
    if not note.strip():
        raise CareError("Say briefly why (the note is part of the record).")
    return EscalationDecision(
        None, client_id, decided_by, decided_at, trigger, kind, note.strip(), evidence
    )


def make_red_flag(
    *, client_id: int, reported_by: int, reported_at: datetime, text: str
) -> RedFlagReport:
    if not text.strip():
        raise CareError("Describe the red flag (e.g. night pain, locking, swelling).")
    return RedFlagReport(None, client_id, reported_by, reported_at, text.strip()[:500])
