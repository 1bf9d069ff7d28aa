"""Uploaded files on the local disk, under settings.uploads_dir.

Keys are relative paths made of safe segments ("load/12/3f9a….fit"); anything that could
climb out of the folder is refused. A file is written to a temporary name, flushed to disk and
then renamed, so a crash never leaves a half-written upload under its real key.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from kneecap.ports.storage import BlobNotFound

_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


class LocalBlobStore:
    """Implements ports.storage.BlobStore."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        parts = key.split("/")
        if not parts or any(not _SEGMENT.match(p) or p in {".", ".."} for p in parts):
            raise ValueError(f"unsafe storage key {key!r}")
        return self.root.joinpath(*parts)

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise BlobNotFound(key) from None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)
