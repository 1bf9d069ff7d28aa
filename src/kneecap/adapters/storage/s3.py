"""Uploads and outputs in an S3-compatible object store (KNEECAP_BLOB_URL=s3://bucket/prefix,
KNEECAP_S3_ENDPOINT_URL for a store other than AWS), through boto3.

Every machine that reaches the bucket reads the same files, so app and workers need no
shared folder. Files go in streamed (boto3's managed transfer: multipart for large ones, never
the whole file in memory) and an object appears only once it is complete, so a reader never
sees half an upload. Reading is streamed too: `open` gives a seekable reader that fetches from
the position it is at, so an HTTP Range request reads only that range from the store.
Credentials come from boto3's usual sources (AWS_ACCESS_KEY_ID …, a profile, an instance role).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from kneecap.adapters.storage.keys import check_key, is_key
from kneecap.ports.storage import BlobNotFound

READ_BUFFER = 1 << 20
_MISSING = {"404", "NoSuchKey", "NotFound"}


def parse_s3_url(url: str) -> tuple[str, str]:
    """(bucket, prefix) of `s3://bucket/prefix`; ValueError says what is wrong."""
    rest = url.removeprefix("s3://")
    bucket, _, prefix = rest.partition("/")
    if not url.startswith("s3://") or not bucket:
        raise ValueError(f"{url!r} is not an s3://bucket/prefix URL")
    prefix = prefix.strip("/")
    if prefix:
        check_key(prefix)
    return bucket, prefix


def _missing(exc: Exception) -> bool:
    response: Any = getattr(exc, "response", None) or {}
    return str(response.get("Error", {}).get("Code", "")) in _MISSING


class _RangeReader(io.RawIOBase):
    """A seekable reader of one object: each read continues one GET from the position it was
    opened at (`Range: bytes=pos-`); a seek drops it and the next read starts another."""

    def __init__(self, client: Any, bucket: str, key: str, size: int) -> None:
        self._client, self._bucket, self._key, self._size = client, bucket, key, size
        self._pos = 0
        self._body: Any = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        target = max(0, base + offset)
        if target != self._pos:
            self._drop()
            self._pos = target
        return self._pos

    def readinto(self, buffer: Any) -> int:
        if self._pos >= self._size:
            return 0
        if self._body is None:
            got = self._client.get_object(
                Bucket=self._bucket, Key=self._key, Range=f"bytes={self._pos}-"
            )
            self._body = got["Body"]
        data = self._body.read(len(buffer))
        buffer[: len(data)] = data
        self._pos += len(data)
        return len(data)

    def _drop(self) -> None:
        if self._body is not None:
            self._body.close()
            self._body = None

    def close(self) -> None:
        self._drop()
        super().close()


class S3BlobStore:
    """Implements ports.storage.BlobStore on a bucket, every key under `prefix`."""

    def __init__(self, url: str, endpoint_url: str | None = None, client: Any = None) -> None:
        import boto3

        self.bucket, self.prefix = parse_s3_url(url)
        self._client: Any = client or boto3.client("s3", endpoint_url=endpoint_url)

    def _name(self, key: str) -> str:
        check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def _head(self, key: str) -> dict[str, Any]:
        try:
            head: dict[str, Any] = self._client.head_object(Bucket=self.bucket, Key=self._name(key))
        except Exception as exc:
            if _missing(exc):
                raise BlobNotFound(key) from None
            raise
        return head

    def put_bytes(self, key: str, data: bytes) -> int:
        self._client.put_object(Bucket=self.bucket, Key=self._name(key), Body=data)
        return len(data)

    def put_file(self, key: str, source: Path) -> int:
        self._client.upload_file(str(source), self.bucket, self._name(key))
        return source.stat().st_size

    def put_stream(self, key: str, source: BinaryIO) -> int:
        counted = _Counting(source)
        self._client.upload_fileobj(counted, self.bucket, self._name(key))
        return counted.count

    def get(self, key: str) -> bytes:
        try:
            got = self._client.get_object(Bucket=self.bucket, Key=self._name(key))
        except Exception as exc:
            if _missing(exc):
                raise BlobNotFound(key) from None
            raise
        return bytes(got["Body"].read())

    def open(self, key: str) -> BinaryIO:
        size = self.size(key)
        raw = _RangeReader(self._client, self.bucket, self._name(key), size)
        return io.BufferedReader(raw, READ_BUFFER)

    def size(self, key: str) -> int:
        return int(self._head(key)["ContentLength"])

    def exists(self, key: str) -> bool:
        try:
            self._head(key)
        except BlobNotFound:
            return False
        return True

    def copy_to(self, key: str, dest: Path) -> Path:
        self._head(key)  # BlobNotFound before a partial download
        self._client.download_file(self.bucket, self._name(key), str(dest))
        return dest

    def delete(self, key: str) -> None:
        self._client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def stored_at(self, key: str) -> datetime:
        # the object's Last-Modified; for a multipart upload a store may give the time it
        # began, so the sweep's in-flight window must cover an upload's whole length
        modified: datetime = self._head(key)["LastModified"]
        return modified.astimezone(UTC)

    def stored_keys(self) -> Iterator[str]:
        start = f"{self.prefix}/" if self.prefix else ""
        pages = self._client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=start
        )
        names = (o["Key"].removeprefix(start) for page in pages for o in page.get("Contents", []))
        return iter(sorted(k for k in names if is_key(k)))


class _Counting(io.RawIOBase):
    """A file-like that counts what is read through it (the stored size)."""

    def __init__(self, source: BinaryIO) -> None:
        self._source = source
        self.count = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self._source.read(size)
        self.count += len(data)
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
