"""Keyset paging of the audit log, shared by the page and the API: a page starts from an entry
(just older than `before`, or just newer than `after`), one entry more than shown says whether
another page follows, and the count stops at COUNT_CAP. A page deep in a log of a million
entries costs what the first does (bench/clinic_scale.py)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from kneecap.domain.access.audit import AuditEntry
from kneecap.ports.repositories import AuditQuery
from kneecap.services.audit_log import AuditLogService
from kneecap.services.caller import Caller

COUNT_CAP = 10_000  # entries counted for the total; past it the answer says "more than"


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]  # newest first
    total: int  # the matches counted, at most COUNT_CAP
    capped: bool  # more than `total` entries match
    newer: int | None  # the `after` cursor of the newer page (None: none is newer)
    older: int | None  # the `before` cursor of the older page (None: none is older)


def page_of(
    audit_log: AuditLogService,
    caller: Caller,
    q: AuditQuery,
    size: int,
    before: int | None = None,
    after: int | None = None,
) -> AuditPage:
    """`size` entries of the filter `q` from the cursor (`after` wins over `before`); without
    one, from q.offset (older scripts page by offset)."""
    q = replace(
        q,
        limit=size + 1,
        before=before if after is None else None,
        after=after,
        count_cap=COUNT_CAP + 1,
    )
    found, total = audit_log.query(caller, q)
    entries = list(found)
    more = len(entries) > size
    if after is not None:
        newer, older = more, True
        entries = entries[1:] if more else entries
    else:
        newer, older = before is not None or q.offset > 0, more
        entries = entries[:size]
    return AuditPage(
        entries=entries,
        total=min(total, COUNT_CAP),
        capped=total > COUNT_CAP,
        newer=entries[0].id if newer and entries else None,
        older=entries[-1].id if older and entries else None,
    )
