"""Port: where uploaded files are kept (by key) before and after the job that reads them."""

from __future__ import annotations

from typing import Protocol


class BlobNotFound(LookupError):
    """No stored file under that key."""


class BlobStore(Protocol):
    def put(self, key: str, data: bytes) -> None:
        """Store `data` under `key` (replacing what was there), durably before returning."""
        ...

    def get(self, key: str) -> bytes:
        """The stored bytes; raises BlobNotFound."""
        ...

    def delete(self, key: str) -> None:
        """Remove the file; nothing happens when it is not there."""
        ...
