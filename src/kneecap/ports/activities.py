"""Port: reading watch files and export archives into domain activities."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from kneecap.domain.load.activity import Activity


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A file (or archive member, 'archive.zip!activities/1.fit') and what went wrong."""

    file: str
    reason: str


@dataclass(slots=True)
class ReadResult:
    activities: list[Activity] = field(default_factory=list)
    errors: list[FileProblem] = field(default_factory=list)  # files not read at all
    warnings: list[FileProblem] = field(default_factory=list)  # read, with something skipped
    duplicates: int = 0  # activities dropped because their dedup key was already seen

    def extend(self, other: ReadResult) -> None:
        self.activities.extend(other.activities)
        self.errors.extend(other.errors)
        self.warnings.extend(other.warnings)
        self.duplicates += other.duplicates


class ActivityReader(Protocol):
    def read_bytes(self, data: bytes, name: str) -> ReadResult: ...

    def read_paths(self, paths: Iterable[Path]) -> ReadResult: ...
