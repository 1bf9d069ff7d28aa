"""Write a small FIT activity file: one run with a record a second (time, distance, speed,
cadence in strides/min with its 1/128ths) and its session. For the demo clinic's watch files
and for tests that need a run on a given day; real watch files are only ever read.

Layout per the FIT SDK: a 14-byte header with its CRC, definition and data messages
(little-endian), and the file's CRC-16/ARC at the end.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from datetime import UTC, datetime

from fastcrc import crc16

from kneecap.adapters.activities.fit.summary import FIT_EPOCH

ENUM, UINT8, UINT16, UINT32 = 0x00, 0x02, 0x84, 0x86
_SIZES = {ENUM: 1, UINT8: 1, UINT16: 2, UINT32: 4}
_FMT = {ENUM: "B", UINT8: "B", UINT16: "H", UINT32: "I"}
FILE_ID, RECORD, SESSION = 0, 20, 18
FILE_ACTIVITY, SPORT_RUNNING, MANUFACTURER_DEVELOPMENT = 4, 1, 255

_FILE_ID_FIELDS = ((0, ENUM), (1, UINT16), (4, UINT32))  # type, manufacturer, time_created
# timestamp, distance (cm), speed (mm/s), cadence (strides/min), fractional_cadence (1/128)
_RECORD_FIELDS = ((253, UINT32), (5, UINT32), (6, UINT16), (4, UINT8), (53, UINT8))
# timestamp, start_time, elapsed (ms), timer (ms), distance (cm), sport, sub_sport, avg cadence
_SESSION_FIELDS = (
    (253, UINT32), (2, UINT32), (7, UINT32), (8, UINT32), (9, UINT32), (5, ENUM), (6, ENUM),
    (18, UINT8),
)  # fmt: skip


def _definition(local: int, global_num: int, fields: Sequence[tuple[int, int]]) -> bytes:
    out = struct.pack("<BBBHB", 0x40 | local, 0, 0, global_num, len(fields))
    return out + b"".join(struct.pack("<BBB", n, _SIZES[t], t) for n, t in fields)


def _data(local: int, fields: Sequence[tuple[int, int]], values: Sequence[int]) -> bytes:
    fmt = "<B" + "".join(_FMT[t] for _, t in fields)
    return struct.pack(fmt, local, *values)


def _fit_time(t: datetime) -> int:
    return int(t.astimezone(UTC).timestamp()) - FIT_EPOCH


def run_file(start: datetime, steps_per_min: Sequence[float], speed_ms: float = 2.8) -> bytes:
    """A run from `start` with one record a second at each given step rate (steps/min)."""
    t0 = _fit_time(start)
    body = bytearray()
    body += _definition(0, FILE_ID, _FILE_ID_FIELDS)
    body += _data(0, _FILE_ID_FIELDS, (FILE_ACTIVITY, MANUFACTURER_DEVELOPMENT, t0))
    body += _definition(1, RECORD, _RECORD_FIELDS)
    strides_total = 0.0
    for i, spm in enumerate(steps_per_min):
        strides = max(0.0, spm / 2.0)  # FIT running cadence counts strides
        whole = int(strides)
        frac = min(127, round((strides - whole) * 128))
        strides_total += strides
        values = (t0 + i, round(speed_ms * i * 100), round(speed_ms * 1000), whole, frac)
        body += _data(1, _RECORD_FIELDS, values)
    n = len(steps_per_min)
    avg = round(strides_total / n) if n else 0
    body += _definition(2, SESSION, _SESSION_FIELDS)
    totals = (t0 + n, t0, n * 1000, n * 1000, round(speed_ms * n * 100), SPORT_RUNNING, 0, avg)
    body += _data(2, _SESSION_FIELDS, totals)
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(body), b".FIT")
    header += struct.pack("<H", crc16.arc(header))
    data = header + bytes(body)
    return data + struct.pack("<H", crc16.arc(data))
