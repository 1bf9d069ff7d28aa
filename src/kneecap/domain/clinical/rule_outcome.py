"""What every decision rule returns: a verdict and the criteria behind it, so it explains itself."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Verdict(StrEnum):
    MET = "met"  # the rule calls for its action
    NOT_MET = "not met"
    INCOMPLETE = "incomplete"  # not enough recorded to decide either way
    NOT_APPLICABLE = "not applicable"  # an exclusion applies or the rule is for another setting


@dataclass(frozen=True)
class Criterion:
    id: str
    text: str


@dataclass(frozen=True)
class RuleOutcome:
    rule_id: str
    title: str
    source: str
    verdict: Verdict
    fired: tuple[Criterion, ...] = ()
    not_fired: tuple[Criterion, ...] = ()
    unknown: tuple[Criterion, ...] = ()  # criteria not recorded yet
    exclusions: tuple[Criterion, ...] = ()  # why the rule does not apply
    explanation: str = ""

    @property
    def met(self) -> bool:
        return self.verdict is Verdict.MET

    @property
    def fired_ids(self) -> frozenset[str]:
        return frozenset(c.id for c in self.fired)


def sort_criteria(
    criteria: tuple[Criterion, ...], states: dict[str, bool | None]
) -> tuple[tuple[Criterion, ...], tuple[Criterion, ...], tuple[Criterion, ...]]:
    """Split criteria into (fired, not fired, unknown) by their recorded state."""
    fired = tuple(c for c in criteria if states.get(c.id) is True)
    not_fired = tuple(c for c in criteria if states.get(c.id) is False)
    unknown = tuple(c for c in criteria if states.get(c.id) is None)
    return fired, not_fired, unknown


def any_of(
    rule_id: str,
    title: str,
    source: str,
    criteria: tuple[Criterion, ...],
    states: dict[str, bool | None],
    action: str,
) -> RuleOutcome:
    """A rule that calls for `action` when any one criterion fires."""
    fired, not_fired, unknown = sort_criteria(criteria, states)
    if fired:
        verdict, why = Verdict.MET, f"{action}: " + "; ".join(c.text for c in fired)
    elif unknown:
        verdict = Verdict.INCOMPLETE
        why = "Cannot rule out yet; not recorded: " + "; ".join(c.text for c in unknown)
    else:
        verdict, why = Verdict.NOT_MET, "No criterion present."
    return RuleOutcome(rule_id, title, source, verdict, fired, not_fired, unknown, (), why)
