"""The local-disk blob store: round trip, atomic writes, and keys that cannot escape."""

from __future__ import annotations

from pathlib import Path

import pytest

from kneecap.adapters.storage.local import LocalBlobStore
from kneecap.ports.storage import BlobNotFound


def test_put_get_delete(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "uploads")
    store.put_bytes("load/1/2/abc", b"FIT data")
    assert store.get("load/1/2/abc") == b"FIT data"
    store.put_bytes("load/1/2/abc", b"replaced")
    assert store.get("load/1/2/abc") == b"replaced"
    assert [p.name for p in (tmp_path / "uploads/load/1/2").iterdir()] == ["abc"]  # no temp left
    store.delete("load/1/2/abc")
    store.delete("load/1/2/abc")  # twice is fine
    with pytest.raises(BlobNotFound):
        store.get("load/1/2/abc")


def test_put_file_open_seek_copy(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "blobs")
    src = tmp_path / "a.bin"
    src.write_bytes(b"x" * 3000)
    assert store.put_file("gait/videos/1/a.mp4", src) == 3000
    assert store.size("gait/videos/1/a.mp4") == 3000
    with store.open("gait/videos/1/a.mp4") as fh:
        fh.seek(2990)
        assert fh.read() == b"x" * 10
    assert store.put_bytes("gait/x.json", b"{}") == 2
    assert store.copy_to("gait/x.json", tmp_path / "copy").read_bytes() == b"{}"
    assert not list((tmp_path / "blobs").rglob(".part-*"))
    store.delete("gait/x.json")
    assert not store.exists("gait/x.json")
    with pytest.raises(KeyError):
        store.open("gait/x.json")


@pytest.mark.parametrize(
    "key", ["../escape", "load/../../x", "/abs", "load//x", "", ".hidden", "a/../../b"]
)
def test_keys_that_could_leave_the_folder_are_refused(tmp_path: Path, key: str) -> None:
    with pytest.raises(ValueError, match="unsafe storage key"):
        LocalBlobStore(tmp_path).put_bytes(key, b"x")
