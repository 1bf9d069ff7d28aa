"""What one audit-log entry holds. Entries are only ever appended."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    clinic_id: int
    actor_user_id: int | None
    actor_label: str
    action: str
    outcome: str  # "allow", "forbidden", "hidden", "failed"
    address: str
    client_id: int | None = None
    resource: str = ""
    detail: str = ""
    id: int | None = None
