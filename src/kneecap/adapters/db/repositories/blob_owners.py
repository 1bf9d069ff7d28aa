"""Which stored files a record refers to, told from the key's own parts (the client or the
analysis it names), so each question reads one client's rows through an index, never a whole
table. A key whose owner cannot be told from it counts as owned: the sweep keeps it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kneecap.adapters.db.models.gait import GaitAnalysisRow, GaitVideoRow
from kneecap.adapters.db.models.jobs import JobRow
from kneecap.adapters.db.models.messages import MessageAttachmentRow, MessageRow

# Where each area's files live (the services that write them: training_import, gait,
# gait_job, messages) and the part of the key that names the owner's row.
LOAD, VIDEOS, ANALYSES, MESSAGES = "load/", "gait/videos/", "gait/analyses/", "messages/"
CHUNK = 500  # ids per IN (…)


def _part(key: str, index: int) -> int | None:
    parts = key.split("/")
    return int(parts[index]) if len(parts) > index and parts[index].isdecimal() else None


class SqlBlobOwners:
    """Implements ports.storage.BlobOwners."""

    prefixes: tuple[str, ...] = (LOAD, VIDEOS, ANALYSES, MESSAGES)

    def __init__(self, sessions: Callable[[], Session]) -> None:
        self._sessions = sessions

    def owned(self, keys: Sequence[str]) -> set[str]:
        found: set[str] = set()
        with self._sessions() as s:
            for prefix, index, referenced in (
                (LOAD, 2, _import_files),  # load/{clinic}/{client}/{uuid}
                (VIDEOS, 2, _videos),  # gait/videos/{client}/{uuid}.mp4
                (ANALYSES, 2, _analysis_outputs),  # gait/analyses/{analysis}/{job}-{name}
                (MESSAGES, 2, _attachments),  # messages/{clinic}/{client}/{uuid}
            ):
                mine = [k for k in keys if k.startswith(prefix)]
                ids = {_part(k, index) for k in mine}
                found.update(k for k in mine if _part(k, index) is None)
                known = sorted(i for i in ids if i is not None)
                for n in range(0, len(known), CHUNK):
                    found.update(referenced(s, known[n : n + CHUNK]))
        found.update(k for k in keys if not k.startswith(self.prefixes))
        return found & set(keys)


def _import_files(s: Session, client_ids: list[int]) -> Iterable[str]:
    # an import job's payload lists the files it stored (training_import.ActivityImports),
    # and they stay its files after it ran (retraining reads them again)
    payloads = s.scalars(select(JobRow.payload).where(JobRow.client_id.in_(client_ids)))
    for payload in payloads:
        files: Any = (payload or {}).get("files", [])
        for f in files if isinstance(files, list) else []:
            if isinstance(f, dict) and isinstance(f.get("key"), str):
                yield f["key"]


def _videos(s: Session, client_ids: list[int]) -> Iterable[str]:
    return s.scalars(select(GaitVideoRow.blob_key).where(GaitVideoRow.client_id.in_(client_ids)))


def _analysis_outputs(s: Session, analysis_ids: list[int]) -> Iterable[str]:
    rows = s.scalars(select(GaitAnalysisRow.outputs).where(GaitAnalysisRow.id.in_(analysis_ids)))
    for outputs in rows:
        yield from (v for v in (outputs or {}).values() if isinstance(v, str))


def _attachments(s: Session, client_ids: list[int]) -> Iterable[str]:
    q = (
        select(MessageAttachmentRow.blob_key)
        .join(MessageRow, MessageRow.id == MessageAttachmentRow.message_id)
        .where(MessageRow.client_id.in_(client_ids))
    )
    return s.scalars(q)
