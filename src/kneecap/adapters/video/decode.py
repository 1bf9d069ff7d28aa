"""Threaded PyAV decoding to RGB arrays, optionally scaled, read ahead on a background thread."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import numpy.typing as npt

RGB = npt.NDArray[np.uint8]
_END = object()


def iter_frames(path: Path, max_side: int | None = None, rotation: int = 0) -> Iterator[RGB]:
    """Frames in order as upright RGB uint8; scaled so the longer side is at most `max_side`."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"  # frame + slice threads inside FFmpeg
        w, h = stream.codec_context.width, stream.codec_context.height
        scale = min(1.0, max_side / max(w, h)) if max_side else 1.0
        out_w, out_h = max(2, round(w * scale / 2) * 2), max(2, round(h * scale / 2) * 2)
        for frame in container.decode(stream):
            rgb: RGB = np.asarray(
                frame.to_ndarray(format="rgb24", width=out_w, height=out_h), dtype=np.uint8
            )
            if rotation:
                # Display matrix rotation is counter-clockwise in degrees.
                rgb = np.ascontiguousarray(np.rot90(rgb, k=rotation // 90))
            yield rgb


def read_ahead(frames: Iterator[RGB], depth: int = 8) -> Iterator[RGB]:
    """Run `frames` on a daemon thread so decoding overlaps the consumer's work."""
    q: queue.Queue[object] = queue.Queue(maxsize=depth)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for f in frames:
                q.put(f)
        except BaseException as exc:  # handed to the consumer below
            errors.append(exc)
        finally:
            q.put(_END)

    threading.Thread(target=work, daemon=True, name="kneecap-decode").start()
    while True:
        item = q.get()
        if item is _END:
            break
        yield item  # type: ignore[misc]
    if errors:
        raise errors[0]
