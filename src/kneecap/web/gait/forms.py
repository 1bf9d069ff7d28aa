"""The running-video upload form: size limit, height, and spooling the file to disk."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from fastapi import Request
from starlette.datastructures import UploadFile

from kneecap.bootstrap import Container
from kneecap.services.errors import Invalid
from kneecap.services.gait import Upload
from kneecap.web.deps import Principal, caller_of


def too_large(request: Request, c: Container) -> str | None:
    limit = c.settings.max_upload_mb
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit * 1024 * 1024:
        return (
            f"The video is larger than this clinic's {limit} MB upload limit. Trim the clip to "
            "the 10-30 seconds of steady running (most phones can trim in the gallery), or "
            "record at 1080p instead of 4K, and upload it again."
        )
    return None


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


def store_upload(
    request: Request, c: Container, principal: Principal, client_id: int, form: Any
) -> Upload:
    """Spool the uploaded file to disk (within the size limit) and hand it to the service."""
    file = form.get("file")
    if not isinstance(file, UploadFile) or not file.filename:
        raise Invalid("Choose a video file to upload.", {"file": "Choose a video file."})
    limit = c.settings.max_upload_mb * 1024 * 1024
    tmp_dir = c.settings.uploads_dir / "incoming"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=tmp_dir, suffix=Path(file.filename).suffix) as tmp:
        shutil.copyfileobj(file.file, tmp, 1 << 20)
        tmp.flush()
        if tmp.tell() > limit:
            raise TooLarge()
        return c.gait.upload(
            caller_of(request, principal),
            client_id,
            Path(tmp.name),
            file.filename,
            str(form.get("view") or "auto"),
            _float_or_none(form.get("height_cm")),
        )


class TooLarge(Exception):
    pass


def too_large_message(c: Container) -> str:
    return (
        f"The video is larger than this clinic's {c.settings.max_upload_mb} MB upload limit. "
        "Trim the clip to the 10-30 seconds of steady running, or record at 1080p instead of "
        "4K, and upload it again."
    )
