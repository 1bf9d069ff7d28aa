"""The object-store blob store against an S3-compatible server (moto's server mode, started by
the tests): the same behaviour as the local store, streamed in and out, ranges read from the
store, and a second machine (another data folder) reading what the first stored."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.testclient import TestClient

from kneecap.adapters.storage.local import LocalBlobStore
from kneecap.adapters.storage.s3 import S3BlobStore, parse_s3_url
from kneecap.bootstrap.blobs import blob_store
from kneecap.config import Settings, SettingsError
from kneecap.ports.storage import BlobNotFound, BlobStore
from kneecap.web.ranges import range_response
from tests.support.s3 import S3Server


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> BlobStore:
    if request.param == "local":
        return LocalBlobStore(tmp_path / "uploads")
    server: S3Server = request.getfixturevalue("s3_server")
    return S3BlobStore(request.getfixturevalue("s3_url"), server.endpoint_url)


class _Chunks(io.RawIOBase):
    """A source that hands out 64 KiB at a time and remembers its largest single read."""

    def __init__(self, total: int) -> None:
        self.left, self.largest = total, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        n = min(len(buffer), self.left, 64 * 1024)
        buffer[:n] = b"v" * n
        self.left -= n
        self.largest = max(self.largest, len(buffer))
        return n


def test_round_trip_and_missing_keys(store: BlobStore, tmp_path: Path) -> None:
    assert store.put_bytes("load/1/2/abc", b"FIT data") == 8
    assert store.get("load/1/2/abc") == b"FIT data"
    store.put_bytes("load/1/2/abc", b"replaced")
    assert store.get("load/1/2/abc") == b"replaced"
    src = tmp_path / "a.bin"
    src.write_bytes(bytes(range(256)) * 40)
    assert store.put_file("gait/videos/1/a.mp4", src) == 10240
    assert store.size("gait/videos/1/a.mp4") == 10240
    assert store.copy_to("gait/videos/1/a.mp4", tmp_path / "b").read_bytes() == src.read_bytes()
    assert list(store.stored_keys()) == ["gait/videos/1/a.mp4", "load/1/2/abc"]
    store.delete("load/1/2/abc")
    store.delete("load/1/2/abc")  # twice is fine
    assert not store.exists("load/1/2/abc")
    for read in (store.get, store.open, store.size):
        with pytest.raises(BlobNotFound):
            read("load/1/2/abc")
    with pytest.raises(BlobNotFound):
        store.copy_to("load/1/2/abc", tmp_path / "c")
    assert not (tmp_path / "c").exists()
    with pytest.raises(ValueError, match="unsafe storage key"):
        store.put_bytes("../escape", b"x")


def test_a_stream_goes_in_without_being_read_whole(store: BlobStore) -> None:
    """12 MiB from a file-like (an upload spooled to disk): stored in pieces, never read in
    one call; the S3 store sends it as a multipart upload."""
    source = _Chunks(12 * 1024 * 1024)
    assert store.put_stream("gait/videos/2/big.mp4", source) == 12 * 1024 * 1024  # type: ignore[arg-type]
    assert source.largest <= 8 * 1024 * 1024
    assert store.size("gait/videos/2/big.mp4") == 12 * 1024 * 1024


def test_open_seeks_and_reads_from_there(store: BlobStore) -> None:
    data = bytes(range(256)) * 4096  # 1 MiB
    store.put_bytes("gait/videos/3/v.mp4", data)
    with store.open("gait/videos/3/v.mp4") as fh:
        fh.seek(1000)
        assert fh.read(24) == data[1000:1024]
        fh.seek(-10, io.SEEK_END)
        assert fh.read() == data[-10:]
        fh.seek(0)
        assert fh.read() == data


def test_http_range_is_served_from_the_store(store: BlobStore) -> None:
    data = bytes(range(256)) * 8192  # 2 MiB
    store.put_bytes("gait/videos/4/v.mp4", data)
    key = "gait/videos/4/v.mp4"

    def video(request: Request) -> Response:
        return range_response(
            lambda: store.open(key), store.size(key), request.headers.get("range"), "video/mp4"
        )

    with TestClient(Starlette(routes=[Route("/v", video)])) as http:
        part = http.get("/v", headers={"Range": "bytes=1048576-1048675"})
        assert part.status_code == 206
        assert part.headers["content-range"] == f"bytes 1048576-1048675/{len(data)}"
        assert part.content == data[1048576:1048676]
        assert http.get("/v").content == data


def test_the_settings_choose_the_store(tmp_path: Path, s3_server: S3Server, s3_url: str) -> None:
    local = blob_store(Settings(data_dir=tmp_path))
    assert isinstance(local, LocalBlobStore) and local.root == tmp_path / "uploads"
    env = {
        "KNEECAP_DATA_DIR": str(tmp_path),
        "KNEECAP_BLOB_URL": s3_url,
        "KNEECAP_S3_ENDPOINT_URL": s3_server.endpoint_url,
    }
    s3 = blob_store(Settings.from_env(env))
    assert isinstance(s3, S3BlobStore) and s3.prefix == "clinic-files"
    with pytest.raises(SettingsError, match="s3://bucket/prefix"):
        Settings.from_env({"KNEECAP_BLOB_URL": "http://example.test/bucket"})
    with pytest.raises(ValueError, match="not an s3://"):
        parse_s3_url("s3:///nobucket")
