"""Errors raised while scoring questionnaires; each message says what is wrong and what to do."""

from __future__ import annotations


class ScoringError(ValueError):
    """A questionnaire response could not be scored.

    `item` names the offending item (None when the problem is the whole response) so a form can
    highlight it; `str(error)` is a sentence that can be shown to the person filling the form.
    """

    def __init__(self, message: str, *, instrument: str, item: str | None = None) -> None:
        super().__init__(message)
        self.instrument = instrument
        self.item = item


class MissingAnswerError(ScoringError):
    """One or more items were left unanswered."""


class AnswerOutOfRangeError(ScoringError):
    """An answer lies outside the item's allowed options or range."""


class UnknownItemError(ScoringError):
    """The response names an item the questionnaire does not have."""


class UnknownInstrumentError(LookupError):
    """No questionnaire or MCID is known under the given id."""
