"""Bounds every request meets before a route sees it (pure ASGI).

- Size: a body that declares more than its bound is answered 413 at once, without waiting
  for bytes that may never come; one without a declared size (chunked) is counted while it
  is read. JSON and form posts are small (FORM_BYTES) and read whole to be checked; any other
  body is an upload, streamed on to the route, and may reach the clinic's upload limit plus
  room for the form around the file — the upload routes check the file itself against
  KNEECAP_MAX_UPLOAD_MB and say so on their own page.
- Text: no query string, JSON or form field may carry the NUL character. PostgreSQL cannot
  store it in a text column, and no one types it; refusing it here gives every route, on
  either database, the same clear 422 instead of a database error.
"""

from __future__ import annotations

import json
import re

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

FORM_BYTES = 1024 * 1024
MULTIPART_OVERHEAD = 1024 * 1024
# \u0000 in JSON text (an odd run of backslashes before it), %00 in a URL-encoded form.
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
_FORM_NUL = b"%00"
SMALL_TYPES = {"", "application/json", "application/x-www-form-urlencoded", "text/plain"}
TOO_LARGE = (
    "The request is too large: Kneecap accepts at most {mb} MB here. "
    "Send watch files and videos as an upload, one request per file if need be."
)
NUL_TEXT = (
    "The request contains the NUL character (U+0000), which text in Kneecap cannot hold. "
    "Remove it and send again."
)


class _TooLarge(Exception):
    pass


class BodyLimit:
    def __init__(self, app: ASGIApp, upload_bytes: int) -> None:
        self.app = app
        self.upload_bytes = upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Request(scope).headers
        content_type = headers.get("content-type", "").lower()
        small = content_type.split(";")[0].strip() in SMALL_TYPES
        limit = FORM_BYTES if small else self.upload_bytes + MULTIPART_OVERHEAD
        declared = headers.get("content-length")
        if declared is not None and not declared.isdecimal():
            await _refuse(scope, send, 400, "The Content-Length header is not a number of bytes.")
            return
        if declared is not None and int(declared) > limit:
            await _refuse(scope, send, 413, TOO_LARGE.format(mb=max(1, limit >> 20)))
            return
        if _FORM_NUL in scope.get("query_string", b""):
            await _refuse(scope, send, 422, NUL_TEXT)
            return
        if not small:
            await self._counted(scope, receive, send, limit)
            return
        # Small bodies are read whole (at most FORM_BYTES), checked, and handed on.
        body = b""
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > limit:
                await _refuse(scope, send, 413, TOO_LARGE.format(mb=max(1, limit >> 20)))
                return
        nul = _FORM_NUL in body if "urlencoded" in content_type else _JSON_NUL.search(body)
        if nul:
            await _refuse(scope, send, 422, NUL_TEXT)
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()  # only a disconnect is left to wait for
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _counted(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except _TooLarge:
            if started:
                raise
            await _refuse(scope, send, 413, TOO_LARGE.format(mb=max(1, limit >> 20)))


async def _refuse(scope: Scope, send: Send, status: int, detail: str) -> None:
    if scope["path"].startswith("/api/"):
        body = json.dumps({"detail": detail}).encode()
        content_type = b"application/json"
    else:
        title = {413: "Too large", 422: "Check the form"}.get(status, "Request refused")
        body = (
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{title} · Kneecap</title><link rel='stylesheet' href='/static/app.css'>"
            f"</head><body><main class='card narrow'><h1>{title}</h1><p role='alert'>{detail}"
            "</p><p><a href='/'>Back to the start page</a></p></main></body></html>"
        ).encode()
        content_type = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
