"""Where uploaded files and generated outputs live: a blob store addressed by key.

Keys are relative, slash-separated names made by the caller from safe parts
(e.g. "gait/videos/12/3f9a….mp4", "load/7/…fit"); the store never interprets them. Every
area uses the same store: watch files, videos and analysis outputs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Protocol


class BlobNotFound(KeyError):
    """No stored file under that key."""


class BlobStore(Protocol):
    def put_bytes(self, key: str, data: bytes) -> int:
        """Store `data` under `key` (replacing what was there), durably; returns its size."""
        ...

    def put_file(self, key: str, source: Path) -> int:
        """Copy a local file in under `key`, durably; returns its size in bytes."""
        ...

    def put_stream(self, key: str, source: BinaryIO) -> int:
        """Store what `source` reads to its end under `key`, in chunks (never the whole file
        in memory), durably; returns its size in bytes."""
        ...

    def get(self, key: str) -> bytes:
        """The stored bytes (small files only: watch files, JSON); raises BlobNotFound."""
        ...

    def open(self, key: str) -> BinaryIO:
        """Open for reading, seekable: a read after a seek fetches from there on (what an HTTP
        Range request needs), never the whole file first; raises BlobNotFound."""
        ...

    def size(self, key: str) -> int: ...
    def exists(self, key: str) -> bool: ...
    def copy_to(self, key: str, dest: Path) -> Path: ...
    def delete(self, key: str) -> None:
        """Remove the file; nothing happens when it is not there."""
        ...

    def stored_keys(self) -> Iterator[str]:
        """Every stored key, in sorted order (for backups); files still being written are
        not listed."""
        ...

    def stored_at(self, key: str) -> datetime:
        """When the file under `key` was last written (UTC); raises BlobNotFound."""
        ...


class BlobOwners(Protocol):
    """Which stored files a record still refers to (a video, an attachment, an import's
    files): what the orphan sweep asks before it removes anything."""

    prefixes: tuple[str, ...]  # the key prefixes it knows the owners of; others are kept

    def owned(self, keys: Sequence[str]) -> set[str]:
        """The keys among `keys` that some record refers to, or whose owner cannot be told
        from the key (those are never swept)."""
        ...


class ScratchSpace(Protocol):
    """Short-lived local folders for work on files that a library reads or writes by path
    (a video analysis); services never create files themselves."""

    def folder(self, prefix: str) -> AbstractContextManager[Path]:
        """A new empty folder, removed with everything in it when the `with` block ends."""
        ...
