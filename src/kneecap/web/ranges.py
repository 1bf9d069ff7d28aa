"""HTTP Range responses (RFC 9110 §14) for stored files, so browsers can seek in videos."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import BinaryIO

from starlette.responses import Response, StreamingResponse

CHUNK = 256 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(first, last) inclusive for a single byte range; None for the whole file.
    Raises ValueError when the range cannot be satisfied."""
    if not header:
        return None
    m = _RANGE.match(header.strip())
    if m is None:  # multiple ranges or another unit: serve the whole file (allowed)
        return None
    first, last = m.groups()
    if first == "":
        if last == "" or int(last) == 0:
            raise ValueError(header)
        return max(0, size - int(last)), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        raise ValueError(header)
    return start, end


def _chunks(opener: Callable[[], BinaryIO], start: int, length: int) -> Iterator[bytes]:
    # Opened here, not before: a browser often drops a range request before reading its body.
    with opener() as fh:
        fh.seek(start)
        left = length
        while left > 0:
            data = fh.read(min(CHUNK, left))
            if not data:
                break
            left -= len(data)
            yield data


def range_response(
    opener: Callable[[], BinaryIO],
    size: int,
    range_header: str | None,
    media_type: str,
    filename: str = "",
) -> Response:
    headers = {"accept-ranges": "bytes", "cache-control": "private, no-store"}
    if filename:
        headers["content-disposition"] = f'attachment; filename="{filename}"'
    try:
        wanted = parse_range(range_header, size)
    except ValueError:
        return Response(status_code=416, headers={**headers, "content-range": f"bytes */{size}"})
    if wanted is None:
        headers["content-length"] = str(size)
        return StreamingResponse(_chunks(opener, 0, size), 200, headers, media_type)
    start, end = wanted
    headers["content-range"] = f"bytes {start}-{end}/{size}"
    headers["content-length"] = str(end - start + 1)
    return StreamingResponse(_chunks(opener, start, end - start + 1), 206, headers, media_type)
