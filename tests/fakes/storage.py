"""A blob store in a dict, and scratch folders under the test's own temporary folder that
are checked to be gone after use."""

from __future__ import annotations

import io
import itertools
import shutil
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from kneecap.ports.storage import BlobNotFound


class FakeBlobStore:
    """`written` holds each key's write time: the real clock's now, or what a test sets."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}
        self.written: dict[str, datetime] = {}

    def put_bytes(self, key: str, data: bytes) -> int:
        self.blobs[key] = bytes(data)
        self.written[key] = datetime.now(UTC)
        return len(data)

    def put_file(self, key: str, source: Path) -> int:
        return self.put_bytes(key, source.read_bytes())

    def put_stream(self, key: str, source: BinaryIO) -> int:
        return self.put_bytes(key, source.read())

    def get(self, key: str) -> bytes:
        try:
            return self.blobs[key]
        except KeyError:
            raise BlobNotFound(key) from None

    def open(self, key: str) -> BinaryIO:
        return io.BytesIO(self.get(key))

    def size(self, key: str) -> int:
        return len(self.get(key))

    def exists(self, key: str) -> bool:
        return key in self.blobs

    def copy_to(self, key: str, dest: Path) -> Path:
        dest.write_bytes(self.get(key))
        return dest

    def delete(self, key: str) -> None:
        self.blobs.pop(key, None)
        self.written.pop(key, None)

    def stored_at(self, key: str) -> datetime:
        self.get(key)
        return self.written[key]

    def stored_keys(self) -> Iterator[str]:
        return iter(sorted(self.blobs))


class FakeScratch:
    """Folders under `root`, removed when their block ends (as TempScratch does); `used`
    lists every folder handed out."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._n = itertools.count(1)
        self.used: list[Path] = []

    def folder(self, prefix: str) -> AbstractContextManager[Path]:
        return self._folder(self._root / f"{prefix}{next(self._n)}")

    @contextmanager
    def _folder(self, path: Path) -> Iterator[Path]:
        path.mkdir(parents=True)
        self.used.append(path)
        try:
            yield path
        finally:
            shutil.rmtree(path)
