"""Uploads on the local disk: stored and read back by key, nothing outside the folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from kneecap.adapters.storage.local import LocalBlobStore
from kneecap.ports.storage import BlobNotFound


def test_put_get_delete(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "uploads")
    store.put("load/1/2/abc", b"FIT data")
    assert store.get("load/1/2/abc") == b"FIT data"
    store.put("load/1/2/abc", b"replaced")
    assert store.get("load/1/2/abc") == b"replaced"
    assert [p.name for p in (tmp_path / "uploads/load/1/2").iterdir()] == ["abc"]  # no temp left
    store.delete("load/1/2/abc")
    store.delete("load/1/2/abc")  # twice is fine
    with pytest.raises(BlobNotFound):
        store.get("load/1/2/abc")


@pytest.mark.parametrize("key", ["../escape", "load/../../x", "/abs", "load//x", "", ".hidden"])
def test_keys_that_could_leave_the_folder_are_refused(tmp_path: Path, key: str) -> None:
    with pytest.raises(ValueError, match="unsafe storage key"):
        LocalBlobStore(tmp_path).put(key, b"x")
