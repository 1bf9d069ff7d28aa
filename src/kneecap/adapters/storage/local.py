"""BlobStore on the local disk under one root folder (settings.uploads_dir).

Writes go to a temporary name and are renamed into place, so a reader never sees half a file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath
from typing import BinaryIO


class LocalBlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        parts = PurePosixPath(key).parts
        if not parts or key.startswith("/") or any(p in ("..", "") for p in parts):
            raise ValueError(f"blob keys are relative names without '..': {key!r}")
        return self.root.joinpath(*parts)

    def _write(self, key: str, fill: object) -> int:
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
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target.stat().st_size

    def put_file(self, key: str, source: Path) -> int:
        return self._write(key, source)

    def put_bytes(self, key: str, data: bytes) -> int:
        return self._write(key, data)

    def open(self, key: str) -> BinaryIO:
        try:
            return self._path(key).open("rb")
        except FileNotFoundError:
            raise KeyError(key) from None

    def size(self, key: str) -> int:
        try:
            return self._path(key).stat().st_size
        except FileNotFoundError:
            raise KeyError(key) from None

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def copy_to(self, key: str, dest: Path) -> Path:
        src = self._path(key)
        if not src.is_file():
            raise KeyError(key)
        shutil.copyfile(src, dest)
        return dest

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)
