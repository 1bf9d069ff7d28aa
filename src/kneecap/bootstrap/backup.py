"""`kneecap backup` and `kneecap restore`: the database and every stored upload in one file.

The file is a tar archive:
- `manifest.json`: format, when, Kneecap's version, the migration, rows per table, and the
  SHA-256 and size of every member;
- `database.sqlite3`: a consistent snapshot of the database (adapters/db/snapshot.py);
- `blobs/<key>`: every file in the blob store, read through the BlobStore port.
Restoring checks every checksum before it changes anything, refuses a database or upload
store that already holds data unless told to replace it, then loads the rows and the files.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from kneecap import __version__
from kneecap.adapters.db import snapshot
from kneecap.adapters.db.engine import make_engine
from kneecap.adapters.db.migrate import upgrade
from kneecap.bootstrap.blobs import blob_store
from kneecap.config import Settings
from kneecap.ports.storage import BlobStore

FORMAT = "kneecap-backup/1"
DATABASE = "database.sqlite3"
MANIFEST = "manifest.json"
CHUNK = 1 << 20


class BackupError(Exception):
    """The backup cannot be made or restored; the message says why and what to do."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    revision: str
    rows: int
    files: int
    bytes: int


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
    return h.hexdigest()


def make_backup(settings: Settings, out: Path, blobs: BlobStore | None = None) -> BackupSummary:
    blobs = blobs or blob_store(settings)
    engine = make_engine(settings.database_url, pooled=False)
    out = out.expanduser()
    part = out.with_name(out.name + ".part")
    try:
        with tempfile.TemporaryDirectory(prefix="kneecap-backup-") as tmp:
            db_file = Path(tmp) / DATABASE
            try:
                revision = snapshot.snapshot(engine, db_file)
            except ValueError as exc:
                raise BackupError(str(exc)) from exc
            counts = snapshot.row_counts(make_engine(f"sqlite:///{db_file}", pooled=False))
            members: dict[str, dict[str, Any]] = {
                DATABASE: {"sha256": _sha256_file(db_file), "size": db_file.stat().st_size}
            }
            out.parent.mkdir(parents=True, exist_ok=True)
            with tarfile.open(part, "w") as tar:
                tar.add(db_file, arcname=DATABASE)
                for key in blobs.stored_keys():
                    members[f"blobs/{key}"] = _add_blob(tar, blobs, key)
                manifest = {
                    "format": FORMAT,
                    "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "kneecap_version": __version__,
                    "database": engine.dialect.name,
                    "revision": revision,
                    "rows": counts,
                    "members": members,
                }
                data = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(datetime.now(UTC).timestamp())
                tar.addfile(info, _bytes_io(data))
        part.replace(out)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    finally:
        engine.dispose()
    files = len(members) - 1
    size = sum(m["size"] for k, m in members.items() if k != DATABASE)
    return BackupSummary(out, revision, sum(counts.values()), files, size)


def _add_blob(tar: tarfile.TarFile, blobs: BlobStore, key: str) -> dict[str, Any]:
    info = tarfile.TarInfo(f"blobs/{key}")
    info.size = blobs.size(key)
    info.mtime = int(datetime.now(UTC).timestamp())
    h = hashlib.sha256()
    with blobs.open(key) as source:
        tar.addfile(info, _Hashing(source, h))
    return {"sha256": h.hexdigest(), "size": info.size}


class _Hashing:
    """A file object that hashes what is read from it (tarfile reads members this way)."""

    def __init__(self, source: IO[bytes], h: Any) -> None:
        self._source, self._h = source, h

    def read(self, n: int = -1) -> bytes:
        data = self._source.read(n)
        self._h.update(data)
        return data


def _bytes_io(data: bytes) -> IO[bytes]:
    import io

    return io.BytesIO(data)


def read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.extractfile(MANIFEST)
    except KeyError:
        raise BackupError("This file is not a Kneecap backup (no manifest.json).") from None
    assert member is not None
    manifest: dict[str, Any] = json.loads(member.read())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}; expected {FORMAT}.")
    return manifest


def _verified(tar: tarfile.TarFile, manifest: dict[str, Any], into: Path) -> None:
    """Extract every member into `into`, checking each against the manifest."""
    expected = manifest["members"]
    seen = set()
    for member in tar.getmembers():
        if member.name == MANIFEST:
            continue
        if member.name not in expected or not member.isfile():
            raise BackupError(
                f"The backup holds {member.name!r}, which its manifest does not list."
            )
        target = into / member.name
        target.parent.mkdir(parents=True, exist_ok=True)
        source = tar.extractfile(member)
        assert source is not None
        with target.open("wb") as out:
            shutil.copyfileobj(source, out, CHUNK)
        if _sha256_file(target) != expected[member.name]["sha256"]:
            raise BackupError(f"{member.name} does not match its checksum: the file is damaged.")
        seen.add(member.name)
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"The backup lacks {len(missing)} listed files, e.g. {missing[0]}.")


def restore(
    settings: Settings,
    archive: Path,
    *,
    replace: bool = False,
    blobs: BlobStore | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> BackupSummary:
    blobs = blobs or blob_store(settings)
    if not archive.is_file():
        raise BackupError(f"No backup file at {archive}.")
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.database_url, pooled=False)
    try:
        stored = list(blobs.stored_keys())
        if not replace and (not snapshot.is_empty(engine) or stored):
            raise BackupError(
                "The database or the uploads folder already holds data "
                f"({settings.database_url.split('@')[-1]}, {len(stored)} files). Restore into "
                "an empty data folder and database, or pass --replace to overwrite them."
            )
        with tarfile.open(archive, "r") as tar, tempfile.TemporaryDirectory() as tmp:
            manifest = read_manifest(tar)
            progress("checking every checksum")
            _verified(tar, manifest, Path(tmp))
            progress("loading the database")
            counts = snapshot.load(Path(tmp) / DATABASE, engine, replace=replace)
            upgrade(engine)  # a backup from an older Kneecap is brought up to this one
            for key in stored:
                blobs.delete(key)
            keys = [k.removeprefix("blobs/") for k in manifest["members"] if k != DATABASE]
            progress(f"restoring {len(keys)} files")
            for key in keys:
                blobs.put_file(key, Path(tmp) / "blobs" / key)
        size = sum(m["size"] for k, m in manifest["members"].items() if k != DATABASE)
        return BackupSummary(archive, manifest["revision"], sum(counts.values()), len(keys), size)
    finally:
        engine.dispose()
