"""The running-video upload form: its size limit, the runner's height, and spooling the file
to disk before the service checks and stores it."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends
from starlette.datastructures import UploadFile

from kneecap.services.caller import Caller
from kneecap.services.errors import Invalid
from kneecap.services.gait import GaitService, Upload
from kneecap.web.deps import GaitDep, SettingsDep, UploadLimitDep
from kneecap.web.uploads import UploadLimit


class TooLarge(Exception):
    """The file turned out larger than the limit while it was read."""


def declared_too_large_message(limit: UploadLimit) -> str:
    return (
        f"The video is larger than this clinic's {limit.mb} MB upload limit. Trim the clip to "
        "the 10-30 seconds of steady running (most phones can trim in the gallery), or "
        "record at 1080p instead of 4K, and upload it again."
    )


def too_large_message(limit: UploadLimit) -> str:
    return (
        f"The video is larger than this clinic's {limit.mb} MB upload limit. "
        "Trim the clip to the 10-30 seconds of steady running, or record at 1080p instead of "
        "4K, and upload it again."
    )


def _float_or_none(raw: Any) -> float | None:
    text = str(raw or "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise Invalid(
            "Please correct the highlighted fields.", {"height_cm": "Give a number in cm."}
        ) from None


@dataclass(frozen=True)
class VideoUploads:
    gait: GaitService
    limit: UploadLimit
    incoming: Path  # where the file is spooled while it is read

    def store(self, caller: Caller, client_id: int, form: Any) -> Upload:
        """Spool the uploaded file to disk (within the size limit) and hand it to the service."""
        file = form.get("file")
        if not isinstance(file, UploadFile) or not file.filename:
            raise Invalid("Choose a video file to upload.", {"file": "Choose a video file."})
        self.incoming.mkdir(parents=True, exist_ok=True)
        suffix = Path(file.filename).suffix
        with tempfile.NamedTemporaryFile(dir=self.incoming, suffix=suffix) as tmp:
            shutil.copyfileobj(file.file, tmp, 1 << 20)
            tmp.flush()
            if self.limit.exceeded_by(tmp.tell()):
                raise TooLarge()
            return self.gait.upload(
                caller,
                client_id,
                Path(tmp.name),
                file.filename,
                str(form.get("view") or "auto"),
                _float_or_none(form.get("height_cm")),
            )


async def _video_uploads(
    gait: GaitDep, limit: UploadLimitDep, settings: SettingsDep
) -> VideoUploads:
    return VideoUploads(gait, limit, settings.uploads_dir / "incoming")


VideoUploadsDep = Annotated[VideoUploads, Depends(_video_uploads)]
