"""Make real FIT files hostile: flip bits in a record's timestamp, lose the session message.

The damage is done where a real one happens - in the bytes - so the decoder, the timeline
check and the summary all meet it as they would in a runner's file.
"""

from __future__ import annotations

from kneecap.adapters.activities.fit.walker import walk

RECORD, SESSION, TIMESTAMP = 20, 18, 253


def _field_offsets(data: bytes, global_num: int, field: int) -> list[tuple[int, bool]]:
    """(byte offset of a uint32 field, big endian) for every message of that kind."""
    out = []
    for d in walk(data).definitions:
        if d.global_num != global_num:
            continue
        pos = 0
        for num, size, _base in d.fields:
            if num == field and size == 4:
                out += [(off + pos, d.big_endian) for off in d.offsets]
                break
            pos += size
    return sorted(out)


def _timestamp_offsets(data: bytes, global_num: int) -> list[tuple[int, bool]]:
    return _field_offsets(data, global_num, TIMESTAMP)


def flip_timestamp_bits(data: bytes, record: int, bits: tuple[int, ...]) -> bytes:
    """Flip the given bits of the `record`-th record's (uint32) timestamp."""
    return flip_field_bits(data, RECORD, TIMESTAMP, record, bits)


def flip_field_bits(
    data: bytes, global_num: int, field: int, index: int, bits: tuple[int, ...]
) -> bytes:
    """Flip bits of a uint32 field of the index-th message of a kind (e.g. a session's
    total_elapsed_time, field 7)."""
    off, big = _field_offsets(data, global_num, field)[index]
    raw = bytearray(data)
    value = int.from_bytes(raw[off : off + 4], "big" if big else "little")
    for b in bits:
        value ^= 1 << b
    raw[off : off + 4] = value.to_bytes(4, "big" if big else "little")
    return bytes(raw)


def drop_sessions(data: bytes) -> bytes:
    """Cut the file before its first session message, as when a watch dies mid-activity
    (the header still claims the full length: the reader sees a truncated file)."""
    first = min(off for d in walk(data).definitions if d.global_num == SESSION for off in d.offsets)
    return data[: first - 1]


def record_count(data: bytes) -> int:
    return len(_timestamp_offsets(data, RECORD))
