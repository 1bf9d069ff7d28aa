"""Is an activity's date believable? Dates no watch could have recorded are flagged.

* Before 1999: the first GPS wristwatch (Casio's PRT-1GPJ "Satellite Navi") was unveiled in
  January 1999 (BBC News, 7 Jan 1999). Earlier dates come from unset clocks or placeholders
  written by exporters (e.g. GPX times of 1901-12-13, the lowest signed 32-bit Unix time).
* In the future: later than `now` by more than a day (a day covers time-zone slips of
  devices that store local time as UTC).
The activity is kept, with an issue that asks for the real date; the series leave it out until
then, so a wrong date cannot move a guardrail.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kneecap.domain.load.provenance import Issue, IssueCode

EARLIEST_PLAUSIBLE = datetime(1999, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)


def date_issues(start: datetime, now: datetime) -> list[Issue]:
    if start < EARLIEST_PLAUSIBLE:
        return [
            Issue(
                IssueCode.DATE_IMPLAUSIBLE,
                f"dated {start.date().isoformat()}, before GPS watches existed (1999): the"
                " device's clock was not set or the exporter wrote a placeholder; confirm the"
                " real date",
                needs_confirmation=True,
            )
        ]
    if start > now + FUTURE_SLACK:
        return [
            Issue(
                IssueCode.DATE_IMPLAUSIBLE,
                f"dated {start.date().isoformat()}, in the future: the device's clock was wrong;"
                " confirm the real date",
                needs_confirmation=True,
            )
        ]
    return []
