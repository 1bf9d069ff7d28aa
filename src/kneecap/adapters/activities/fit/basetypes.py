"""FIT base types: numpy dtype, size and 'invalid' value per base-type number (FIT SDK profile)."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

# base type number (low 5 bits of the base type byte) -> (numpy kind, size, invalid value)
# Invalid values from the FIT SDK's fit.h (FIT_UINT8_INVALID etc.); the "z" types use 0.
BASE_TYPES: dict[int, tuple[str, int, int | None]] = {
    0: ("u1", 1, 0xFF),  # enum
    1: ("i1", 1, 0x7F),  # sint8
    2: ("u1", 1, 0xFF),  # uint8
    3: ("i2", 2, 0x7FFF),  # sint16
    4: ("u2", 2, 0xFFFF),  # uint16
    5: ("i4", 4, 0x7FFFFFFF),  # sint32
    6: ("u4", 4, 0xFFFFFFFF),  # uint32
    7: ("S", 1, None),  # string (null-terminated, UTF-8)
    8: ("f4", 4, None),  # float32 (invalid = all bits set, i.e. NaN)
    9: ("f8", 8, None),  # float64
    10: ("u1", 1, 0),  # uint8z
    11: ("u2", 2, 0),  # uint16z
    12: ("u4", 4, 0),  # uint32z
    13: ("u1", 1, 0xFF),  # byte
    14: ("i8", 8, 0x7FFFFFFFFFFFFFFF),  # sint64
    15: ("u8", 8, 0xFFFFFFFFFFFFFFFF),  # uint64
    16: ("u8", 8, 0),  # uint64z
}


def field_dtype(base_type: int, size: int, big_endian: bool) -> tuple[np.dtype[np.generic], bool]:
    """Dtype for one field and whether it is a single numeric value (else raw bytes)."""
    kind, base_size, _ = BASE_TYPES.get(base_type & 0x1F, ("V", 1, None))
    if kind in ("S", "V") or size != base_size:
        return np.dtype(f"V{size}"), False
    order = ">" if big_endian else "<"
    return np.dtype(order + kind if base_size > 1 else kind), True


def to_float(values: npt.NDArray[Any], base_type: int) -> npt.NDArray[np.float64]:
    """Numeric column as float64 with the base type's invalid value turned into NaN."""
    _, _, invalid = BASE_TYPES.get(base_type & 0x1F, ("V", 1, None))
    out = values.astype(np.float64)
    if invalid is not None:
        out[values == invalid] = np.nan
    return out
