"""The activity-import form: its files, within the clinic's upload limit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Request
from starlette.datastructures import UploadFile

from kneecap.services.training_import import Upload
from kneecap.web.uploads import UploadLimit


def too_large_message(limit: UploadLimit) -> str:
    return (
        f"The upload is larger than this clinic's limit of {limit.mb} MB. Upload fewer files at "
        "a time, or ask the clinic admin to raise KNEECAP_MAX_UPLOAD_MB."
    )


@asynccontextmanager
async def uploads_of(request: Request, limit: UploadLimit) -> AsyncIterator[list[Upload] | None]:
    """The files of a multipart form, as the spooled files the form parser wrote (streamed
    into the store from there, never read whole); None when their total is over the limit.
    The files are open until the block ends."""
    form = await request.form()
    try:
        out: list[Upload] = []
        total = 0
        for item in form.getlist("files"):
            if isinstance(item, UploadFile):
                item.file.seek(0, 2)
                size = item.file.tell()
                item.file.seek(0)
                total += size
                out.append(Upload(item.filename or "", item.file, size))
        yield None if limit.exceeded_by(total) else out
    finally:
        await form.close()  # the spooled temporary files
