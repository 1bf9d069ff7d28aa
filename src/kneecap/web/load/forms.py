"""The activity-import form: its files, within the clinic's upload limit."""

from __future__ import annotations

from fastapi import Request
from starlette.datastructures import UploadFile

from kneecap.services.training_import import Upload


def too_large(request: Request, limit_mb: int) -> bool:
    """The declared body size is over the limit (checked before the body is read)."""
    try:
        size = int(request.headers.get("content-length", "0"))
    except ValueError:
        return False
    return size > limit_mb * 1024 * 1024


def too_large_message(limit_mb: int) -> str:
    return (
        f"The upload is larger than this clinic's limit of {limit_mb} MB. Upload fewer files at "
        "a time, or ask the clinic admin to raise KNEECAP_MAX_UPLOAD_MB."
    )


async def uploads_of(request: Request, limit_mb: int) -> list[Upload] | None:
    """The files of a multipart form; None when their total is over the limit."""
    form = await request.form()
    out: list[Upload] = []
    total = 0
    try:
        for item in form.getlist("files"):
            if isinstance(item, UploadFile):
                data = await item.read()
                total += len(data)
                if total > limit_mb * 1024 * 1024:
                    return None
                out.append(Upload(item.filename or "", data))
    finally:
        await form.close()  # the spooled temporary files
    return out
