"""Decode a FIT file into columns: one float64 numpy array per field per global message.

Fast path: after walker.walk() has found the offset of every data message, the rows of each
definition are gathered with one fancy-index and viewed through a numpy structured dtype, so a
field is decoded for all its rows at once. Only compressed-timestamp headers need a sequential
pass (their time is relative to the previous timestamp in the file).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from fastcrc import crc16

from kneecap.adapters.activities.errors import ActivityFileError
from kneecap.adapters.activities.fit.basetypes import field_dtype, to_float
from kneecap.adapters.activities.fit.walker import Definition, Walk, walk

FloatArray = npt.NDArray[np.float64]
ByteRows = npt.NDArray[np.uint8]  # one row of raw bytes per data message
TIMESTAMP = 253
FIELD_DESCRIPTION = 206


@dataclass(slots=True)
class MessageColumns:
    """All rows of one global message number, in file order."""

    offsets: npt.NDArray[np.int64]
    fields: dict[int, FloatArray] = field(default_factory=dict)
    dev: dict[str, FloatArray] = field(default_factory=dict)  # developer fields by name
    strings: dict[int, list[str]] = field(default_factory=dict)  # only for small messages

    def get(self, num: int) -> FloatArray | None:
        return self.fields.get(num)

    def __len__(self) -> int:
        return len(self.offsets)


@dataclass(slots=True)
class FitData:
    messages: dict[int, MessageColumns]
    data_messages: int
    warnings: list[str]


_STRING_ROWS_MAX = 64  # strings are decoded per row in Python, so only for small messages


def decode(data: bytes) -> FitData:
    w = walk(data)
    _check_crc(data, w)
    buf = np.frombuffer(data, dtype=np.uint8)
    dev_types: dict[tuple[int, int], tuple[int, str]] = {}
    groups: dict[int, list[tuple[Definition, ByteRows]]] = {}
    # field descriptions first: developer fields elsewhere need their base type and name
    ordered = sorted(w.definitions, key=lambda d: d.global_num != FIELD_DESCRIPTION)
    for d in ordered:
        if not d.offsets:
            continue
        rows = _rows(buf, d)
        groups.setdefault(d.global_num, []).append((d, rows))
        if d.global_num == FIELD_DESCRIPTION:
            _learn_dev_types(d, rows, dev_types)
    messages = {g: _merge(parts, dev_types) for g, parts in groups.items()}
    if w.compressed:
        _resolve_compressed(messages, w)
    if not messages and w.warnings:
        raise ActivityFileError("no readable data: " + "; ".join(w.warnings))
    return FitData(messages, w.data_messages, w.warnings)


def _check_crc(data: bytes, w: Walk) -> None:
    # fastcrc (Rust) computes CRC-16/ARC, the FIT file CRC, at memory speed; a Python loop
    # over the bytes would cost more than decoding the whole file.

    for start, end in w.crc_checked:
        if crc16.arc(data[start:end]) != 0:
            w.warnings.append(
                f"file checksum (CRC) of the FIT data at bytes {start}–{end} does not match;"
                " the file may be damaged, its readable messages were kept"
            )


def _rows(buf: npt.NDArray[np.uint8], d: Definition) -> ByteRows:
    offs = np.asarray(d.offsets, dtype=np.int64)
    if d.size == 0:
        return np.zeros((len(offs), 0), dtype=np.uint8)
    rows: ByteRows = buf[offs[:, None] + np.arange(d.size, dtype=np.int64)]
    return rows


def _learn_dev_types(
    d: Definition, rows: ByteRows, dev_types: dict[tuple[int, int], tuple[int, str]]
) -> None:
    cols = _columns(d, rows, {}, want_strings=True)
    idx, num, base = cols.fields.get(0), cols.fields.get(1), cols.fields.get(2)
    names = cols.strings.get(3, [])
    if idx is None or num is None or base is None:
        return
    for i in range(len(idx)):
        if np.isnan(idx[i]) or np.isnan(num[i]) or np.isnan(base[i]):
            continue
        name = names[i] if i < len(names) and names[i] else f"dev_{int(idx[i])}_{int(num[i])}"
        dev_types[(int(idx[i]), int(num[i]))] = (int(base[i]), name)


def _columns(
    d: Definition,
    rows: ByteRows,
    dev_types: dict[tuple[int, int], tuple[int, str]],
    want_strings: bool,
) -> MessageColumns:
    out = MessageColumns(offsets=np.asarray(d.offsets, dtype=np.int64))
    col = 0
    for num, size, base in d.fields:
        raw = rows[:, col : col + size]
        col += size
        dt, scalar = field_dtype(base, size, d.big_endian)
        if scalar:
            out.fields[num] = to_float(np.ascontiguousarray(raw).view(dt).reshape(-1), base)
        elif (base & 0x1F) == 7 and want_strings:
            out.strings[num] = [
                bytes(r).split(b"\x00", 1)[0].decode("utf-8", "replace") for r in raw
            ]
    for num, size, dev_idx in d.dev_fields:
        raw = rows[:, col : col + size]
        col += size
        known = dev_types.get((dev_idx, num))
        if known is None:
            continue
        base, name = known
        dt, scalar = field_dtype(base, size, d.big_endian)
        if scalar:
            out.dev[name] = to_float(np.ascontiguousarray(raw).view(dt).reshape(-1), base)
    return out


def _merge(
    parts: list[tuple[Definition, ByteRows]],
    dev_types: dict[tuple[int, int], tuple[int, str]],
) -> MessageColumns:
    small = sum(len(d.offsets) for d, _ in parts) <= _STRING_ROWS_MAX
    cols = [_columns(d, rows, dev_types, small) for d, rows in parts]
    if len(cols) == 1:
        return cols[0]
    offsets = np.concatenate([c.offsets for c in cols])
    order = np.argsort(offsets, kind="stable")
    merged = MessageColumns(offsets=offsets[order])
    for attr in ("fields", "dev"):
        keys = {k for c in cols for k in getattr(c, attr)}
        for k in keys:
            parts_k = [getattr(c, attr).get(k, np.full(len(c.offsets), np.nan)) for c in cols]
            getattr(merged, attr)[k] = np.concatenate(parts_k)[order]
    if small:
        for k in {k for c in cols for k in c.strings}:
            allv = [v for c in cols for v in c.strings.get(k, [""] * len(c.offsets))]
            merged.strings[k] = [allv[i] for i in order]
    return merged


def _resolve_compressed(messages: dict[int, MessageColumns], w: Walk) -> None:
    """Give compressed-header messages their absolute timestamps (FIT SDK rule: 5-bit offset
    relative to the last full timestamp, rolling over every 32 s)."""
    comp = dict(w.compressed)
    events: list[tuple[int, int, int, int]] = []  # (offset, kind, gnum, row)
    for g, m in messages.items():
        ts = m.fields.get(TIMESTAMP)
        for i, off in enumerate(m.offsets.tolist()):
            if off in comp:
                events.append((off, 1, g, i))
            elif ts is not None and not np.isnan(ts[i]):
                events.append((off, 0, g, i))
    events.sort()
    last: int | None = None
    for off, kind, g, i in events:
        m = messages[g]
        if kind == 0:
            last = int(m.fields[TIMESTAMP][i])
            continue
        if last is None:
            continue
        t = comp[off]
        last = last + ((t - last) & 0x1F)
        ts = m.fields.get(TIMESTAMP)
        if ts is None:
            ts = m.fields[TIMESTAMP] = np.full(len(m.offsets), np.nan)
        ts[i] = last
