"""The local-disk blob store: round trip, atomic writes, and keys that cannot escape."""

from __future__ import annotations

from pathlib import Path

import pytest

from kneecap.adapters.storage.local import LocalBlobStore


def test_put_open_copy_delete(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "blobs")
    src = tmp_path / "a.bin"
    src.write_bytes(b"x" * 3000)
    assert store.put_file("gait/videos/1/a.mp4", src) == 3000
    assert store.put_bytes("gait/x.json", b"{}") == 2
    with store.open("gait/videos/1/a.mp4") as fh:
        fh.seek(2990)
        assert fh.read() == b"x" * 10
    assert store.copy_to("gait/x.json", tmp_path / "copy").read_bytes() == b"{}"
    assert not list((tmp_path / "blobs").rglob(".part-*"))
    store.delete("gait/x.json")
    assert not store.exists("gait/x.json")
    with pytest.raises(KeyError):
        store.open("gait/x.json")


@pytest.mark.parametrize("key", ["../etc/passwd", "/abs", "a/../../b", ""])
def test_keys_cannot_leave_the_root(tmp_path: Path, key: str) -> None:
    with pytest.raises(ValueError):
        LocalBlobStore(tmp_path).put_bytes(key, b"")
