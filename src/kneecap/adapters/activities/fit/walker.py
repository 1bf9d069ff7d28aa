"""Walk a FIT byte stream: find every definition and the byte offset of every data message.

This is the only per-message Python loop; field values are decoded later, one numpy
structured array per definition (see decoder.py). Chained FIT files (several headers one after
another) are walked in turn, each with its own definitions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from kneecap.adapters.activities.errors import ActivityFileError

FIT_SIGNATURE = b".FIT"


@dataclass(slots=True)
class Definition:
    global_num: int
    big_endian: bool
    fields: list[tuple[int, int, int]]  # (field number, size, base type)
    dev_fields: list[tuple[int, int, int]]  # (field number, size, developer data index)
    size: int
    offsets: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Walk:
    definitions: list[Definition] = field(default_factory=list)
    # (byte offset of the message content, 5-bit time offset) for compressed-timestamp headers
    compressed: list[tuple[int, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    data_messages: int = 0
    crc_checked: list[tuple[int, int]] = field(default_factory=list)  # (start, end) of each file


def _read_header(data: bytes, pos: int) -> tuple[int, int]:
    """Return (header size, data size) of the FIT header at pos, or raise."""
    if len(data) - pos < 12:
        raise ActivityFileError("too short to be a FIT file (a FIT header is 12 or 14 bytes)")
    hsize = data[pos]
    if hsize not in (12, 14) or data[pos + 8 : pos + 12] != FIT_SIGNATURE:
        raise ActivityFileError("not a FIT file: the '.FIT' signature is missing from its header")
    return hsize, int.from_bytes(data[pos + 4 : pos + 8], "little")


def walk(data: bytes) -> Walk:
    """Walk all chained FIT files in `data`; stop cleanly at the first damage, with a warning."""
    out = Walk()
    hsize, dsize = _read_header(data, 0)
    pos = 0
    n = len(data)
    while True:
        start = pos + hsize
        end = start + dsize
        if end > n:
            out.warnings.append(
                f"file is truncated: header says {dsize} bytes of data, {n - start} present;"
                " kept the complete messages before the end"
            )
            end = n
        elif end + 2 <= n:
            out.crc_checked.append((pos, end + 2))
        # Damage inside one chained file stops that file only: the next header's position
        # comes from this header's data size, not from the damaged messages.
        _walk_one(data, start, end, out)
        pos = end + 2
        if pos >= n or end == n:
            break
        try:
            hsize, dsize = _read_header(data, pos)
        except ActivityFileError as exc:
            out.warnings.append(
                f"ignored {n - pos} bytes after the FIT data at byte {pos}: {exc.reason}"
            )
            break
    return out


def _walk_one(data: bytes, pos: int, end: int, out: Walk) -> bool:
    # local message type -> (append, size); kept as a plain dict for the hot loop
    local: dict[int, tuple[Callable[[int], None], int]] = {}
    defs = out.definitions
    count = 0
    compressed = out.compressed
    try:
        while pos < end:
            h = data[pos]
            if h & 0x80:  # compressed timestamp header: local type in bits 5–6
                entry = local.get((h >> 5) & 0x03)
                if entry is None:
                    raise _Undefined((h >> 5) & 0x03, pos)
                append, size = entry
                if pos + 1 + size > end:
                    raise _Truncated(pos)
                append(pos + 1)
                compressed.append((pos + 1, h & 0x1F))
                pos += 1 + size
                count += 1
            elif h & 0x40:
                pos = _read_definition(data, pos, end, h, local, defs)
            else:
                entry = local.get(h & 0x0F)
                if entry is None:
                    raise _Undefined(h & 0x0F, pos)
                append, size = entry
                if pos + 1 + size > end:
                    raise _Truncated(pos)
                append(pos + 1)
                pos += 1 + size
                count += 1
    except _Undefined as exc:
        out.warnings.append(
            f"message at byte {exc.pos} uses local message type {exc.local} that was never"
            f" defined (damaged data); kept the {count} messages before it"
        )
        out.data_messages += count
        return False
    except _Truncated as exc:
        out.warnings.append(
            f"message at byte {exc.pos} runs past the end of the data (truncated file);"
            f" kept the {count} complete messages before it"
        )
        out.data_messages += count
        return False
    out.data_messages += count
    return True


class _Undefined(Exception):
    def __init__(self, local: int, pos: int) -> None:
        self.local, self.pos = local, pos


class _Truncated(Exception):
    def __init__(self, pos: int) -> None:
        self.pos = pos


def _read_definition(
    data: bytes,
    pos: int,
    end: int,
    h: int,
    local: dict[int, tuple[Callable[[int], None], int]],
    defs: list[Definition],
) -> int:
    if pos + 6 > end:
        raise _Truncated(pos)
    big = data[pos + 2] == 1
    gnum = int.from_bytes(data[pos + 3 : pos + 5], "big" if big else "little")
    nfields = data[pos + 5]
    p = pos + 6
    if p + 3 * nfields > end:
        raise _Truncated(pos)
    fields = [(data[i], data[i + 1], data[i + 2]) for i in range(p, p + 3 * nfields, 3)]
    p += 3 * nfields
    dev: list[tuple[int, int, int]] = []
    if h & 0x20:
        if p + 1 > end:
            raise _Truncated(pos)
        ndev = data[p]
        p += 1
        if p + 3 * ndev > end:
            raise _Truncated(pos)
        dev = [(data[i], data[i + 1], data[i + 2]) for i in range(p, p + 3 * ndev, 3)]
        p += 3 * ndev
    size = sum(f[1] for f in fields) + sum(f[1] for f in dev)
    d = Definition(gnum, big, fields, dev, size)
    defs.append(d)
    local[h & 0x0F] = (d.offsets.append, size)
    return p
