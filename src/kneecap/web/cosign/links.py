"""Where a queued text is shown in the clinic (the page to open it on)."""

from __future__ import annotations

from kneecap.services.cosignature import QueueEntry
from kneecap.services.text_keys import (
    CARE_PLAN,
    CLIENT_GOALS,
    CLIENT_SPORTS,
    GAIT_CUES,
    INTAKE_GOALS,
    MESSAGE,
    OUTCOME_ACTIVITIES,
    PROGRAMME_NOTES,
    TextKind,
)

PAGES: dict[TextKind, str] = {
    CLIENT_GOALS: "/clients/{client}",
    CLIENT_SPORTS: "/clients/{client}",
    INTAKE_GOALS: "/clients/{client}/intake",
    CARE_PLAN: "/clients/{client}/care",
    PROGRAMME_NOTES: "/clients/{client}/programme",
    OUTCOME_ACTIVITIES: "/clients/{client}/outcomes",
    GAIT_CUES: "/gait/{owner}",
    MESSAGE: "/clients/{client}/messages",
}


def page_of(entry: QueueEntry) -> str:
    pattern = PAGES.get(entry.kind, "/clients/{client}")
    return pattern.format(client=entry.client.id, owner=entry.owner_id)
