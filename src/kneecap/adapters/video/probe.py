"""Check a file is a usable video before any decoding work (PyAV container probe)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kneecap.adapters.video.errors import (
    NotAVideoError,
    NoVideoStreamError,
    VideoNotFoundError,
    VideoTooShortError,
)

# 8 strides at a slow 150 steps/min take 6.4 s; shorter clips cannot be measured.
MIN_DURATION_S = 6.0


@dataclass(frozen=True)
class VideoInfo:
    width: int  # as displayed (after the phone's rotation)
    height: int
    fps: float
    duration_s: float
    codec: str
    rotation: int


def _rotation(container: Any, stream: Any) -> int:
    """The phone's display rotation (degrees counter-clockwise, multiple of 90), read from the
    first frame's display matrix; decoding it also proves the stream is decodable."""
    import av

    try:
        for frame in container.decode(stream):
            return round(float(frame.rotation or 0) / 90) * 90 % 360
    except (av.FFmpegError, ValueError) as exc:
        raise NotAVideoError(f"cannot decode: {exc}") from exc
    raise NotAVideoError("the video stream has no frames")


def probe(path: Path) -> VideoInfo:
    import av

    if not path.is_file():
        raise VideoNotFoundError(path.name)
    try:
        container = av.open(str(path))
    except (av.FFmpegError, ValueError) as exc:
        raise NotAVideoError(str(exc)) from exc
    with container:
        if not container.streams.video:
            raise NoVideoStreamError(f"streams: {[s.type for s in container.streams]}")
        stream = container.streams.video[0]
        fps = float(stream.average_rate or stream.guessed_rate or 0)
        if stream.duration is not None and stream.time_base is not None:
            duration = float(stream.duration * stream.time_base)
        elif container.duration is not None:
            duration = container.duration / 1_000_000
        else:
            duration = (stream.frames or 0) / fps if fps else 0.0
        if fps <= 0 or stream.codec_context.width == 0:
            raise NotAVideoError("no frame rate or frame size")
        rotation = _rotation(container, stream)
        w, h = stream.codec_context.width, stream.codec_context.height
        if rotation in (90, 270):
            w, h = h, w
        if duration < MIN_DURATION_S:
            raise VideoTooShortError(f"{duration:.1f} s")
        return VideoInfo(w, h, fps, duration, stream.codec_context.name, rotation)
