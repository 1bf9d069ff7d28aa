"""The activity-import form: its files, within the clinic's upload limit."""

from __future__ import annotations

from fastapi import Request
from starlette.datastructures import UploadFile

from kneecap.services.training_import import Upload
from kneecap.web.uploads import UploadLimit


def too_large_message(limit: UploadLimit) -> str:
    return (
        f"The upload is larger than this clinic's limit of {limit.mb} MB. Upload fewer files at "
        "a time, or ask the clinic admin to raise KNEECAP_MAX_UPLOAD_MB."
    )


async def uploads_of(request: Request, limit: UploadLimit) -> list[Upload] | None:
    """The files of a multipart form; None when their total is over the limit."""
    form = await request.form()
    out: list[Upload] = []
    total = 0
    try:
        for item in form.getlist("files"):
            if isinstance(item, UploadFile):
                data = await item.read()
                total += len(data)
                if limit.exceeded_by(total):
                    return None
                out.append(Upload(item.filename or "", data))
    finally:
        await form.close()  # the spooled temporary files
    return out
