"""Blob keys every store accepts: relative names of safe segments (no '..', no leading '/')."""

from __future__ import annotations

import re

_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def check_key(key: str) -> list[str]:
    """The key's segments; ValueError for a key that could climb out of its folder."""
    parts = key.split("/")
    if not key or any(not _SEGMENT.match(p) for p in parts):
        raise ValueError(f"unsafe storage key {key!r}: use relative names without '..'")
    return parts


def is_key(key: str) -> bool:
    return bool(key) and all(_SEGMENT.match(s) for s in key.split("/"))
