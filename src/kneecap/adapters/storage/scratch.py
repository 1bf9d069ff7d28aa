"""The ScratchSpace port on the system's temporary folder."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path


class TempScratch:
    def folder(self, prefix: str) -> AbstractContextManager[Path]:
        return _folder(prefix)


@contextmanager
def _folder(prefix: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        yield Path(tmp)
