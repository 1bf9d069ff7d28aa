"""Uploaded files and outputs on the local disk, under settings.uploads_dir.

Keys are relative paths made of safe segments; anything that could climb out of the folder is
refused. A file is written to a temporary name, flushed to disk and then renamed, so a crash
never leaves a half-written upload under its real key and a reader never sees half a file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from kneecap.adapters.storage.keys import check_key, is_key
from kneecap.ports.storage import BlobNotFound


class LocalBlobStore:
    """Implements ports.storage.BlobStore."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root.joinpath(*check_key(key))

    def _existing(self, key: str) -> Path:
        path = self._path(key)
        if not path.is_file():
            raise BlobNotFound(key)
        return path

    def _write(self, key: str, fill: Path | bytes | BinaryIO) -> int:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as out:
                if isinstance(fill, Path):
                    with fill.open("rb") as src:
                        shutil.copyfileobj(src, out, 1 << 20)
                elif isinstance(fill, bytes):
                    out.write(fill)
                else:
                    shutil.copyfileobj(fill, out, 1 << 20)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target.stat().st_size

    def put_bytes(self, key: str, data: bytes) -> int:
        return self._write(key, data)

    def put_file(self, key: str, source: Path) -> int:
        return self._write(key, source)

    def put_stream(self, key: str, source: BinaryIO) -> int:
        return self._write(key, source)

    def get(self, key: str) -> bytes:
        return self._existing(key).read_bytes()

    def open(self, key: str) -> BinaryIO:
        return self._existing(key).open("rb")

    def size(self, key: str) -> int:
        return self._existing(key).stat().st_size

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def copy_to(self, key: str, dest: Path) -> Path:
        shutil.copyfile(self._existing(key), dest)
        return dest

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def stored_at(self, key: str) -> datetime:
        return datetime.fromtimestamp(self._existing(key).stat().st_mtime, UTC)

    def stored_keys(self) -> Iterator[str]:
        if not self.root.is_dir():
            return iter(())
        found = (
            p.relative_to(self.root).as_posix()
            for p in self.root.rglob("*")
            if p.is_file() and not p.name.startswith(".part-")
        )
        return iter(sorted(k for k in found if is_key(k)))
