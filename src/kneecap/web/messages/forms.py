"""The thread's form: its text and files, within the clinic's upload limit."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from starlette.datastructures import UploadFile

from kneecap.services.training_import import Upload
from kneecap.web.uploads import UploadLimit


@dataclass(frozen=True)
class MessageForm:
    text: str
    files: list[Upload]
    too_large: bool  # the files together are over the limit; nothing was kept


async def message_form(request: Request, limit: UploadLimit) -> MessageForm:
    form = await request.form()
    text = str(form.get("text", ""))
    files: list[Upload] = []
    total = 0
    try:
        for item in form.getlist("files"):
            if isinstance(item, UploadFile) and (item.filename or item.size):
                data = await item.read()
                total += len(data)
                if limit.exceeded_by(total):
                    return MessageForm(text, [], True)
                files.append(Upload(item.filename or "", data))
    finally:
        await form.close()  # the spooled temporary files
    return MessageForm(text, files, False)
