"""The client's own record as an HL7 FHIR R4 `Bundle` (type collection): plain data, built
from the record's values, no I/O.

Resources: Patient; Condition per released diagnosis (ICD-10-CM); Observation per outcome
score, pain-log entry and running-form metric; CarePlan per signed plan; DocumentReference
per file included with the export. Codes: ICD-10-CM for diagnoses, LOINC 72514-3 ("Pain
severity - 0-10 verbal numeric rating [Score] - Reported") for pain ratings, the FHIR
observation-category codes; scores and metrics with no standard code carry their name as
text and Kneecap's own key in Kneecap's code system, rather than a code that says more
than Kneecap knows.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
LOINC = "http://loinc.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CLINICAL_STATUS = "http://terminology.hl7.org/CodeSystem/condition-clinical"
KNEECAP = "urn:kneecap:code"  # Kneecap's own keys (instrument and metric names)
UCUM = "http://unitsofmeasure.org"
PAIN_NRS = ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
# Metric key endings -> UCUM unit (code, human-readable).
UNITS = {
    "_spm": ("/min", "steps/min"),
    "_ms": ("ms", "ms"),
    "_s": ("s", "s"),
    "_deg": ("deg", "°"),
    "_cm": ("cm", "cm"),
    "_mm": ("mm", "mm"),
    "_pct": ("%", "%"),
}


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    birth_date: date | None
    email: str | None
    phone: str | None


@dataclass(frozen=True)
class Document:
    """A file included with the export; `url` is its path inside the export archive."""

    url: str
    title: str
    content_type: str
    size: int
    sha1_base64: str
    created: datetime


def _id(text: str) -> str:
    """A FHIR id: letters, digits, '-' and '.', at most 64."""
    return re.sub(r"[^A-Za-z0-9.-]", "-", text)[:64]


def _ref(kind: str, rid: str) -> dict[str, str]:
    return {"reference": f"{kind}/{rid}"}


def _category(code: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": CATEGORY, "code": code}]}]


def patient(p: Person) -> dict[str, Any]:
    parts = p.name.split()
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": f"client-{p.id}",
        "name": [{"text": p.name, "family": parts[-1] if parts else "", "given": parts[:-1]}],
    }
    if p.birth_date:
        resource["birthDate"] = p.birth_date.isoformat()
    telecom = [{"system": "email", "value": p.email}] if p.email else []
    telecom += [{"system": "phone", "value": p.phone}] if p.phone else []
    if telecom:
        resource["telecom"] = telecom
    return resource


def condition(
    pid: str, rid: int, code: str, title: str, side: str, recorded: datetime
) -> dict[str, Any]:
    return {
        "resourceType": "Condition",
        "id": f"diagnosis-{rid}",
        "clinicalStatus": {"coding": [{"system": CLINICAL_STATUS, "code": "active"}]},
        "code": {"coding": [{"system": ICD10CM, "code": code, "display": title}], "text": title},
        "bodySite": [{"text": f"{side} knee" if side in {"left", "right"} else "knee"}],
        "subject": _ref("Patient", pid),
        "recordedDate": recorded.isoformat(),
    }


def score(pid: str, rid: str, key: str, label: str, on: date, value: float) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": _id(rid),
        "status": "final",
        "category": _category("survey"),
        "code": {"coding": [{"system": KNEECAP, "code": key, "display": label}], "text": label},
        "subject": _ref("Patient", pid),
        "effectiveDateTime": on.isoformat(),
        "valueQuantity": {"value": value, "unit": "score"},
    }


def pain(pid: str, rid: str, on: date, rating: float, when: str) -> dict[str, Any]:
    code, display = PAIN_NRS
    return {
        "resourceType": "Observation",
        "id": rid,
        "status": "final",
        "category": _category("survey"),
        "code": {"coding": [{"system": LOINC, "code": code, "display": display}], "text": when},
        "subject": _ref("Patient", pid),
        "effectiveDateTime": on.isoformat(),
        "valueQuantity": {"value": rating, "unit": "{score}", "system": UCUM, "code": "{score}"},
    }


def _quantity(key: str, value: float) -> dict[str, Any]:
    for ending, (code, unit) in UNITS.items():
        if key.endswith(ending):
            return {"value": value, "unit": unit, "system": UCUM, "code": code}
    return {"value": value}


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def gait_metrics(
    pid: str, analysis_id: int, taken: datetime, metrics: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """One Observation per numeric metric; a metric given per side has a component per side."""
    found = []
    for key, value in sorted(metrics.items()):
        label = key.replace("_", " ")
        base: dict[str, Any] = {
            "resourceType": "Observation",
            "id": _id(f"gait-{analysis_id}-{key}"),
            "status": "final",
            "category": _category("exam"),
            "code": {"coding": [{"system": KNEECAP, "code": f"gait.{key}"}], "text": label},
            "subject": _ref("Patient", pid),
            "effectiveDateTime": taken.isoformat(),
        }
        if (number := _number(value)) is not None:
            found.append({**base, "valueQuantity": _quantity(key, number)})
        elif isinstance(value, Mapping):
            parts = [
                {"code": {"text": f"{label} ({side})"}, "valueQuantity": _quantity(key, n)}
                for side, v in sorted(value.items())
                if (n := _number(v)) is not None
            ]
            if parts:
                found.append({**base, "component": parts})
    return found


def care_plan(
    pid: str, rid: int, start: date, goals: Sequence[str], activities: Sequence[str]
) -> dict[str, Any]:
    return {
        "resourceType": "CarePlan",
        "id": f"care-plan-{rid}",
        "status": "active",
        "intent": "plan",
        "subject": _ref("Patient", pid),
        "period": {"start": start.isoformat()},
        "description": "; ".join(goals) or "Care plan",
        "activity": [{"detail": {"status": "scheduled", "description": a}} for a in activities],
    }


def communication(
    pid: str,
    rid: int,
    sent: datetime,
    from_client: bool,
    author: str,
    text: str,
    attachments: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """One message of the client's thread (FHIR R4 Communication): the client's own are sent
    by the Patient, the care team's by a named sender; `attachments` are (title, archive path)."""
    payload: list[dict[str, Any]] = [{"contentString": text}] if text else []
    payload += [{"contentAttachment": {"title": t, "url": url}} for t, url in attachments]
    patient = _ref("Patient", pid)
    return {
        "resourceType": "Communication",
        "id": f"message-{rid}",
        "status": "completed",
        "subject": patient,
        "sent": sent.isoformat(),
        "sender": patient if from_client else {"display": author},
        "recipient": [{"display": "care team"}] if from_client else [patient],
        "payload": payload,
    }


def document(pid: str, n: int, d: Document) -> dict[str, Any]:
    return {
        "resourceType": "DocumentReference",
        "id": f"document-{n}",
        "status": "current",
        "subject": _ref("Patient", pid),
        "date": d.created.isoformat(),
        "description": d.title,
        "content": [
            {
                "attachment": {
                    "contentType": d.content_type,
                    "url": d.url,
                    "size": d.size,
                    "hash": d.sha1_base64,
                    "title": d.title,
                    "creation": d.created.isoformat(),
                }
            }
        ],
    }


def bundle(resources: Sequence[dict[str, Any]], made: datetime) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": made.isoformat(),
        "entry": [
            {"fullUrl": f"urn:kneecap:{r['resourceType']}/{r['id']}", "resource": r}
            for r in resources
        ],
    }
