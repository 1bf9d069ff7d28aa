"""The client's own record, exported (right of access): a FHIR R4 Bundle and the files they
uploaded, with only what the client may see — released diagnoses, signed care plans,
released running-form analyses, the messages that went out — whoever asks for it (the
client, or staff for them).

Each part is read through its own service, so each read passes the gate and is audited as
it would be on its page; the export itself is audited too. A part the asking person's role
may not read is left out and named in the bundle's note.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO, TypeVar

from kneecap.domain.access.permissions import Action
from kneecap.domain.care.plan import PlanStatus
from kneecap.domain.clients import fhir
from kneecap.domain.clinical.icd10 import lookup
from kneecap.domain.load.pain import PainEntry
from kneecap.ports.repositories import UnitOfWorkFactory
from kneecap.ports.security import Clock
from kneecap.ports.storage import BlobStore
from kneecap.services.authz import Gate
from kneecap.services.caller import Caller
from kneecap.services.care import CarePlanService
from kneecap.services.diagnoses import DiagnosisService
from kneecap.services.errors import Forbidden
from kneecap.services.gait import GaitService
from kneecap.services.messages import MessageService
from kneecap.services.outcomes import OutcomeService
from kneecap.services.training import TrainingService

T = TypeVar("T")
CONTENT_TYPES = {
    ".fit": "application/vnd.ant.fit",
    ".gpx": "application/gpx+xml",
    ".tcx": "application/vnd.garmin.tcx+xml",
    ".zip": "application/zip",
    ".gz": "application/gzip",
    ".mp4": "video/mp4",
    ".mov": "video/quicktime",
    ".webm": "video/webm",
    ".html": "text/html",
    ".json": "application/json",
}


@dataclass(frozen=True)
class ExportFile:
    path: str  # inside the archive
    key: str  # in the blob store
    size: int
    open: Callable[[], BinaryIO]  # the stored file, for the shell to copy into the archive


@dataclass(frozen=True)
class RecordExport:
    bundle: dict[str, Any]
    files: list[ExportFile]
    name: str  # a file name for the archive


@dataclass(frozen=True)
class ExportSources:
    diagnoses: DiagnosisService
    outcomes: OutcomeService
    plans: CarePlanService
    training: TrainingService
    gait: GaitService
    messages: MessageService


def content_type(name: str) -> str:
    lowered = name.lower()
    return next(
        (t for ext, t in CONTENT_TYPES.items() if lowered.endswith(ext)),
        "application/octet-stream",
    )


class RecordExportService:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        gate: Gate,
        clock: Clock,
        blobs: BlobStore,
        sources: ExportSources,
    ) -> None:
        self._uow = uow_factory
        self._gate = gate
        self._clock = clock
        self._blobs = blobs
        self._src = sources

    def export(self, caller: Caller, client_id: int) -> RecordExport:
        with self._uow() as uow:
            record = self._gate.client(
                uow, caller, Action.CLIENT_READ, client_id, detail="record export (FHIR)"
            )
            uow.commit()
        pid = f"client-{record.id}"
        d = record.details
        resources: list[dict[str, Any]] = [
            fhir.patient(fhir.Person(record.id, d.name, d.date_of_birth, d.email, d.phone))
        ]
        left_out: list[str] = []

        def part(name: str, read: Callable[[], T]) -> T | None:
            try:
                return read()
            except Forbidden:  # audited by the gate as a denial
                left_out.append(name)
                return None

        for s in part("diagnoses", lambda: self._src.diagnoses.list(caller, client_id)) or []:
            dx = s.diagnosis
            if dx.released_at is not None and s.id is not None:
                title = lookup(dx.code).family.title
                resources.append(
                    fhir.condition(pid, s.id, dx.code, title, dx.side.value, dx.recorded_at)
                )
        summary = part("outcomes", lambda: self._src.outcomes.summary(caller, client_id))
        for series in summary.series if summary else ():
            for n, point in enumerate(series.points):
                rid = f"outcome-{series.key}-{n + 1}"
                resources.append(
                    fhir.score(pid, rid, series.key, series.label, point.on, point.score)
                )
        for n, e in enumerate(part("pain log", lambda: self._pain(caller, client_id)) or []):
            resources.append(fhir.pain(pid, f"pain-{n + 1}-during", e.day, e.during, "during"))
            if e.next_morning is not None:
                rid = f"pain-{n + 1}-morning"
                resources.append(fhir.pain(pid, rid, e.day, e.next_morning, "next morning"))
        for plan in part("care plans", lambda: self._src.plans.plans(caller, client_id)) or []:
            if plan.status is PlanStatus.SIGNED:
                goals = [g.description for g in plan.content.goals]
                acts = [m.label for m in plan.content.modalities]
                resources.append(fhir.care_plan(pid, plan.id, plan.start, goals, acts))
        files = self._gait(caller, client_id, pid, resources, part)
        files += self._watch_files(caller, client_id, part)
        files += self._messages(caller, client_id, pid, resources, part)
        for n, f in enumerate(files, start=1):
            resources.append(fhir.document(pid, n, self._document(f)))
        made = self._clock.now()
        bundle = fhir.bundle(resources, made)
        if left_out:
            bundle["meta"] = {"tag": [{"display": "not included: " + ", ".join(left_out)}]}
        return RecordExport(bundle, files, f"kneecap-record-{record.id}-{made.date()}.zip")

    def _pain(self, caller: Caller, client_id: int) -> list[PainEntry]:
        return list(self._src.training.pain_log(caller, client_id))

    def _gait(
        self,
        caller: Caller,
        client_id: int,
        pid: str,
        resources: list[dict[str, Any]],
        part: Callable[..., Any],
    ) -> list[ExportFile]:
        files: list[ExportFile] = []
        for a in part("running form", lambda: self._src.gait.for_client(caller, client_id)) or []:
            if not a.released:
                continue
            page = self._src.gait.page(caller, a.id)
            taken = page.video.uploaded_at
            resources.extend(fhir.gait_metrics(pid, a.id, taken, a.metrics or {}))
            video = page.video
            files.append(
                self._file(f"files/gait-{a.id}/{video.filename}", video.blob_key, video.size_bytes)
            )
            for name, key in sorted(a.outputs.items()):
                if self._blobs.exists(key):
                    leaf = key.rsplit("/", 1)[-1]
                    files.append(
                        self._file(f"files/gait-{a.id}/{name}-{leaf}", key, self._blobs.size(key))
                    )
        return files

    def _watch_files(
        self, caller: Caller, client_id: int, part: Callable[..., Any]
    ) -> list[ExportFile]:
        files = []
        jobs = part("watch files", lambda: self._src.training.import_jobs(caller, client_id))
        for job in jobs or []:
            for n, f in enumerate(job.payload.get("files", [])):
                key = str(f.get("key", ""))
                if key and self._blobs.exists(key):
                    name = str(f.get("name") or f"upload-{n + 1}")
                    files.append(
                        self._file(f"files/watch-{job.id}/{name}", key, self._blobs.size(key))
                    )
        return files

    def _messages(
        self,
        caller: Caller,
        client_id: int,
        pid: str,
        resources: list[dict[str, Any]],
        part: Callable[..., Any],
    ) -> list[ExportFile]:
        files: list[ExportFile] = []
        for m in (
            part("messages", lambda: self._src.messages.sent_messages(caller, client_id)) or []
        ):
            assert m.sent_at is not None  # sent_messages gives only what went out
            attached = []
            for a in m.attachments:
                path = f"files/message-{m.id}/{a.id}-{a.name}"
                attached.append((a.name, path))
                files.append(self._file(path, a.blob_key, a.size))
            resources.append(
                fhir.communication(
                    pid, m.id, m.sent_at, m.from_client, m.author_name, m.text, attached
                )
            )
        return files

    def _file(self, path: str, key: str, size: int) -> ExportFile:
        return ExportFile(path, key, size, lambda: self._blobs.open(key))

    def _document(self, f: ExportFile) -> fhir.Document:
        h = hashlib.sha1()  # FHIR's Attachment.hash is SHA-1, base64
        with f.open() as source:
            while chunk := source.read(1 << 20):
                h.update(chunk)
        title = f.path.rsplit("/", 1)[-1]
        return fhir.Document(
            f.path,
            title,
            content_type(title),
            f.size,
            base64.b64encode(h.digest()).decode(),
            self._clock.now(),
        )
