"""Removing stored files that no record refers to any more (orphans).

A file is written before the record that names it commits (an upload is stored, then its
video, attachment or import job is saved), and a replaced or deleted record's files are
removed only after its commit: so a crash, a refused request or a failed commit leaves at
worst a file nobody refers to, never a record whose file is gone. This sweep removes such
files once they are older than IN_FLIGHT, the longest an upload may take between its file
and its record (a 500 MB video over a slow line, a long analysis writing its outputs).
Only keys under a prefix whose owners it can look up are considered; others are kept.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from itertools import islice

from kneecap.ports.security import Clock
from kneecap.ports.storage import BlobNotFound, BlobOwners, BlobStore

IN_FLIGHT = timedelta(hours=24)
SWEEP_EVERY_S = 3600  # the scheduled sweep's period
BATCH = 500  # keys asked about at once
log = logging.getLogger("kneecap.blobs")


@dataclass(frozen=True, slots=True)
class SweepReport:
    checked: int  # stored files under a known prefix
    removed: tuple[str, ...]  # orphans removed (or that would be, on a dry run)
    too_young: int  # orphans still inside the in-flight window, kept for now


@dataclass(frozen=True, slots=True)
class BlobSweep:
    blobs: BlobStore
    owners: BlobOwners
    clock: Clock
    in_flight: timedelta = IN_FLIGHT

    def sweep(self, dry_run: bool = False) -> SweepReport:
        cutoff = self.clock.now() - self.in_flight
        keys = (k for k in self.blobs.stored_keys() if k.startswith(self.owners.prefixes))
        checked, young, removed = 0, 0, []
        while batch := list(islice(keys, BATCH)):
            checked += len(batch)
            owned = self.owners.owned(batch)
            for key in batch:
                if key in owned:
                    continue
                try:
                    if self.blobs.stored_at(key) > cutoff:
                        young += 1
                        continue
                except BlobNotFound:
                    continue  # gone meanwhile
                if not dry_run:
                    self.blobs.delete(key)
                removed.append(key)
        return SweepReport(checked, tuple(removed), young)

    def tick(self) -> None:
        """The scheduled task."""
        report = self.sweep()
        if report.removed:
            log.info("blob sweep removed %d orphaned file(s)", len(report.removed))


def remove_after_commit(blobs: BlobStore, keys: set[str] | frozenset[str]) -> None:
    """Remove files a committed change no longer refers to. Best effort: a file left by a
    failure here is an orphan the sweep removes."""
    for key in sorted(keys):
        try:
            blobs.delete(key)
        except Exception:  # the commit stands; the sweep removes what is left
            log.warning("a replaced file stays until the orphan sweep", exc_info=True)
