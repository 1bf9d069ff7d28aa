"""The running-video upload form: its size limit, the runner's height, the treadmill's belt
speed and a slow-motion clip's filmed frame rate, and spooling the file to disk before the
service checks and stores it."""

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
from kneecap.services.gait import GaitService, Options, Upload, upload_errors
from kneecap.web import form_values as fv
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


# The form's number fields, with what a malformed value is told (ranges: the service's).
NUMBER_FIELDS = {
    "height_cm": "Give the runner's height as a number of cm, e.g. 172.",
    "belt_speed_kmh": "Give the belt speed as a number of km/h, e.g. 10.5.",
    "filmed_fps": "Give the frame rate as a number, e.g. 240.",
}
FORM_FIELDS = ("view", *NUMBER_FIELDS)


def _choices(form: Any) -> tuple[str, float | None, Options]:
    """The view, height and options; a malformed number refused with its field's message,
    together with whatever else is wrong with the form (so all is said at once)."""
    values = {k: str(form.get(k) or "")[:100] for k in NUMBER_FIELDS}
    malformed: dict[str, str] = {}
    n = {k: fv.number(values, k, malformed) for k in NUMBER_FIELDS}
    view = str(form.get("view") or "auto")
    options = Options(n["belt_speed_kmh"], n["filmed_fps"])
    if malformed:
        errors = upload_errors(view, n["height_cm"], options)
        errors.update({k: NUMBER_FIELDS[k] for k in malformed})
        raise Invalid("Please correct the highlighted fields.", errors)
    return view, n["height_cm"], options


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
        view, height_cm, options = _choices(form)
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
                view,
                height_cm,
                options,
            )


async def _video_uploads(
    gait: GaitDep, limit: UploadLimitDep, settings: SettingsDep
) -> VideoUploads:
    return VideoUploads(gait, limit, settings.uploads_dir / "incoming")


VideoUploadsDep = Annotated[VideoUploads, Depends(_video_uploads)]
