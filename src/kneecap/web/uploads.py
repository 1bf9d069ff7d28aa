"""The one check of an upload's size against the clinic's limit (KNEECAP_MAX_UPLOAD_MB).

A body that declares more than the limit is refused before it is read; one that does not
declare its size (or lies) is counted while it is read, against the same limit.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request


@dataclass(frozen=True)
class UploadLimit:
    mb: int

    @property
    def bytes(self) -> int:
        return self.mb * 1024 * 1024

    def exceeded_by(self, size: int) -> bool:
        return size > self.bytes

    def declared_exceeded(self, request: Request) -> bool:
        """The request's Content-Length is over the limit (checked before the body is read)."""
        length = request.headers.get("content-length", "")
        return length.isdecimal() and self.exceeded_by(int(length))
