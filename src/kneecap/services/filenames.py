"""One rule for the names of uploaded files, as they are stored and shown back."""

from __future__ import annotations

import re

# Letters and digits of any script, and the punctuation file names commonly carry.
_UNSAFE = re.compile(r"[^\w.()+\- ]+")
MAX_LENGTH = 120


def upload_name(name: str, fallback: str) -> str:
    """The file's own name (no folders, either slash), with anything that is not a letter,
    digit or ordinary punctuation replaced; `fallback` when nothing usable is left."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE.sub("_", base).strip(" .")[:MAX_LENGTH]
    return cleaned or fallback
