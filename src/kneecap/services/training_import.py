"""Importing watch files and export zips for one client, as a background job.

The uploads are written to the blob store and the job is stored BEFORE anything reads them,
so an import that fails (or a restart mid-way) never loses the runner's files. Each file's
activities are stored in their own transaction: what one file added stays when a later file
fails. Unreadable files are reported by name with the reason; the rest still imports.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from kneecap.domain.access.permissions import Action
from kneecap.domain.jobs import Job, JobFailed
from kneecap.ports.activities import ActivityReader
from kneecap.ports.load import LoadUnitOfWorkFactory
from kneecap.ports.security import Clock
from kneecap.ports.storage import BlobNotFound, BlobStore
from kneecap.services.authz import Gate, client_resource
from kneecap.services.caller import Caller
from kneecap.services.errors import Invalid
from kneecap.services.filenames import upload_name
from kneecap.services.jobs import JobService, Progress

IMPORT_JOB = "load.import"
STORE_BATCH = 250  # activities per transaction when one archive holds hundreds
MAX_FILES = 200  # per upload; a whole export should come as its zip
MAX_REPORTED = 50  # problems listed in a job result (the count is always exact)


@dataclass(frozen=True, slots=True)
class Upload:
    """One uploaded file: its bytes, or a file-like read to its end (an upload the web form
    spooled to disk, streamed into the store) with its size."""

    name: str
    data: bytes | BinaryIO
    size: int | None = None  # of a file-like; bytes know their own

    @property
    def length(self) -> int:
        return len(self.data) if isinstance(self.data, bytes) else (self.size or 0)

    def store(self, blobs: BlobStore, key: str) -> int:
        """Write the file to `key`, streaming a file-like; its stored size."""
        if isinstance(self.data, bytes):
            return blobs.put_bytes(key, self.data)
        return blobs.put_stream(key, self.data)


class ActivityImports:
    def __init__(
        self,
        uow_factory: LoadUnitOfWorkFactory,
        gate: Gate,
        jobs: JobService,
        blobs: BlobStore,
    ) -> None:
        self._uow = uow_factory
        self._gate = gate
        self._jobs = jobs
        self._blobs = blobs

    def start(self, caller: Caller, client_id: int, uploads: Sequence[Upload]) -> Job:
        """Store the files and queue their import; returns the job to follow."""
        with self._uow() as uow:
            record = self._gate.client(uow, caller, Action.TRAINING_IMPORT, client_id, audit=False)
            clinic_id = record.clinic_id
            files = [u for u in uploads if u.length]
            if not files:
                raise Invalid(
                    "Choose at least one file: a .fit, .gpx or .tcx activity, or a Strava or "
                    "Garmin export .zip.",
                    {"files": "no file was chosen (or the files were empty)"},
                )
            if len(files) > MAX_FILES:
                raise Invalid(
                    f"Upload at most {MAX_FILES} files at once; for a whole account, upload "
                    "the export .zip instead.",
                    {"files": f"{len(files)} files chosen"},
                )
            stored = []
            for n, u in enumerate(files, start=1):
                key = f"load/{clinic_id}/{client_id}/{uuid.uuid4().hex}"
                size = u.store(self._blobs, key)
                name = upload_name(u.name, f"upload-{n}")
                stored.append({"key": key, "name": name, "bytes": size})
            job = self._jobs.submit(
                IMPORT_JOB,
                {"client_id": client_id, "files": stored},
                clinic_id=clinic_id,
                created_by=caller.actor.user_id,
                client_id=client_id,
            )
            self._gate.record(
                uow, caller, Action.TRAINING_IMPORT.value, client_resource(record),
                f"job {job.id}: {len(stored)} file(s)",
            )  # fmt: skip
            uow.commit()
        return job


@dataclass(frozen=True, slots=True)
class ActivityImportJob:
    """The handler of IMPORT_JOB jobs: read every stored file, store new activities, report
    the rest."""

    _uow: LoadUnitOfWorkFactory
    _clock: Clock
    _blobs: BlobStore
    _reader: ActivityReader

    def __call__(self, job: Job, progress: Progress) -> dict[str, Any]:
        client_id = int(job.payload["client_id"])
        files: list[dict[str, Any]] = list(job.payload.get("files", []))
        errors: list[dict[str, str]] = []
        warnings: list[dict[str, str]] = []
        read = imported = duplicates = 0
        first = last = None
        for i, f in enumerate(files):
            name = str(f["name"])
            progress(i / len(files), f"Reading {name} ({i + 1} of {len(files)})")
            try:
                data = self._blobs.get(str(f["key"]))
            except BlobNotFound:
                errors.append({"file": name, "reason": "the stored upload is missing; upload it"
                               " again"})  # fmt: skip
                continue
            res = self._reader.read_bytes(data, name)
            errors += [{"file": e.file, "reason": e.reason} for e in res.errors]
            warnings += [{"file": w.file, "reason": w.reason} for w in res.warnings]
            read += len(res.activities) + res.duplicates
            duplicates += res.duplicates
            acts = sorted(res.activities, key=lambda a: a.start)
            for b in range(0, len(acts), STORE_BATCH):
                batch = acts[b : b + STORE_BATCH]
                with self._uow() as uow:
                    added = uow.activities.add_many(
                        job.clinic_id, client_id, batch, self._clock.now(), job.id
                    )
                    uow.commit()
                imported += added
                duplicates += len(batch) - added
                done = (i + (b + len(batch)) / len(acts)) / len(files)
                progress(done, f"Stored {imported} new activities from {name}")
            if acts:
                first = min(first or acts[0].start, acts[0].start)
                last = max(last or acts[-1].start, acts[-1].start)
        if read == 0 and errors:
            listed = "; ".join(f"{e['file']}: {e['reason']}" for e in errors[:5])
            more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
            raise JobFailed(f"No activity could be read. {listed}{more}. Nothing stored was "
                            "changed; the uploaded files are kept.")  # fmt: skip
        progress(1.0, f"Imported {imported} new, {duplicates} already there, "
                 f"{len(errors)} not readable")  # fmt: skip
        return {
            "files": len(files),
            "read": read,
            "imported": imported,
            "duplicates": duplicates,
            "error_count": len(errors),
            "errors": errors[:MAX_REPORTED],
            "warning_count": len(warnings),
            "warnings": warnings[:MAX_REPORTED],
            "first": first.isoformat() if first else None,
            "last": last.isoformat() if last else None,
        }
