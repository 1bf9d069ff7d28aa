"""Where uploaded files and generated outputs live: a blob store addressed by key.

Keys are relative, slash-separated names (e.g. "gait/videos/12/clip.mp4") that the caller
makes; the store never interprets them. Any area may use it (videos, watch files).
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO, Protocol


class BlobStore(Protocol):
    def put_file(self, key: str, source: Path) -> int:
        """Copy a local file in under `key`; returns its size in bytes."""
        ...

    def put_bytes(self, key: str, data: bytes) -> int: ...
    def open(self, key: str) -> BinaryIO:
        """Open for reading (seekable); raises KeyError when there is no such blob."""
        ...

    def size(self, key: str) -> int: ...
    def exists(self, key: str) -> bool: ...
    def copy_to(self, key: str, dest: Path) -> Path: ...
    def delete(self, key: str) -> None: ...
