"""A watch-file reader that knows the files a test made: `file(...)` returns the bytes of an
upload that reads as those activities; any other bytes are a file it cannot read."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from pathlib import Path

from kneecap.domain.load.activity import Activity
from kneecap.ports.activities import FileProblem, ReadResult

UNREADABLE = "not a FIT, GPX or TCX file, nor a Strava or Garmin export"


class FakeActivityReader:
    def __init__(self) -> None:
        self._files: dict[bytes, tuple[Activity, ...]] = {}
        self._n = itertools.count(1)

    def file(self, *activities: Activity) -> bytes:
        data = f"fake activity file {next(self._n)}".encode()
        self._files[data] = activities
        return data

    def read_bytes(self, data: bytes, name: str) -> ReadResult:
        if data not in self._files:
            return ReadResult(errors=[FileProblem(name, UNREADABLE)])
        # Within one file, one activity per dedup key, as the real reader keeps them.
        kept: dict[str, Activity] = {}
        for a in self._files[data]:
            kept.setdefault(a.dedup_key, a)
        extra = len(self._files[data]) - len(kept)
        return ReadResult(activities=list(kept.values()), duplicates=extra)

    def read_paths(self, paths: Iterable[Path]) -> ReadResult:
        out = ReadResult()
        for p in paths:
            out.extend(self.read_bytes(p.read_bytes(), p.name))
        return out
