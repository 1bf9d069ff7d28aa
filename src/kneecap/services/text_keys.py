"""The places client-visible clinical text lives, named as keys ("client.12.goals").

A key names the record the text belongs to (a client, a care plan, a home programme, an
outcome response, a running-form analysis, a message) and what the text is, so one key names
one place in the whole database and the co-signature queue can say what it is and link to it.
A version of a text is named `<key>.v<number>` in the API.
"""

from __future__ import annotations

from dataclasses import dataclass

from kneecap.services.errors import NotFound


@dataclass(frozen=True)
class TextKind:
    record: str  # what the owner id counts: "client", "care_plan", ...
    field: str  # "" when the text is the whole record (a plan's content, a message)
    label: str  # how the queue names it

    @property
    def name(self) -> str:
        return f"{self.record}.{self.field}" if self.field else self.record

    def key(self, owner_id: int) -> str:
        return f"{self.record}.{owner_id}" + (f".{self.field}" if self.field else "")


CLIENT_GOALS = TextKind("client", "goals", "Goals on the client record")
CLIENT_SPORTS = TextKind("client", "sports", "Sports on the client record")
INTAKE_GOALS = TextKind("intake", "goals", "Goal in the intake")  # owner: the client
CARE_PLAN = TextKind("care_plan", "", "Amendment of the signed care plan")
PROGRAMME_NOTES = TextKind("home_programme", "notes", "Notes in the home programme")
OUTCOME_ACTIVITIES = TextKind("outcome", "activities", "Activities named in a PSFS")
GAIT_CUES = TextKind("gait", "cues", "Running-form cues, to release")
MESSAGE = TextKind("message", "", "Message to the client")

KINDS = (
    CLIENT_GOALS,
    CLIENT_SPORTS,
    INTAKE_GOALS,
    CARE_PLAN,
    PROGRAMME_NOTES,
    OUTCOME_ACTIVITIES,
    GAIT_CUES,
    MESSAGE,
)
_BY_NAME = {k.name: k for k in KINDS}


def parse_key(key: str) -> tuple[TextKind, int]:
    """The kind and owner id a key names; NotFound for anything else."""
    parts = key.split(".")
    if len(parts) in (2, 3) and parts[1].isdecimal():
        kind = _BY_NAME.get(".".join([parts[0], *parts[2:]]))
        if kind is not None:
            return kind, int(parts[1])
    raise NotFound("That text")


def version_id(key: str, number: int) -> str:
    return f"{key}.v{number}"


def parse_version_id(value: str) -> tuple[TextKind, int, str, int]:
    """(kind, owner id, key, version number) of an id like "client.12.goals.v3"."""
    key, _, number = value.rpartition(".v")
    if not key or not number.isdecimal():
        raise NotFound("That text")
    kind, owner = parse_key(key)
    return kind, owner, key, int(number)
