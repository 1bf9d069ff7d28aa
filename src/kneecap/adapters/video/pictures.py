"""The annotated video's frames, kept from the one decode that also feeds pose.

The annotated video can only be drawn once the whole analysis is known (contacts, gaps, the
smoothed skeleton), and decoding the clip a second time for it cost more CPU than the whole
gait domain and the encoding together. So each frame is kept at the annotated size as it is
decoded: raw I420 up to a memory budget (a 12 s 30 fps clip at 960 px fits), JPEG beyond it
(~3 ms of CPU a frame, a tenth of the memory), and past a second budget none at all: the
annotated video then decodes the clip again, so memory stays bounded for any length of clip.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from kneecap.adapters.video.decode import I420

# 320 MiB holds ~430 frames at 540x960 (14 s at 30 fps); JPEG is ~80 KB a frame, so its
# 256 MiB holds ~3,300 more (measured in bench/gait_throughput.py; engineering values).
RAW_BUDGET_BYTES = 320 * 2**20
JPEG_BUDGET_BYTES = 256 * 2**20
JPEG_QUALITY = 90  # ~43 dB PSNR, well above what the H.264 encode keeps (crf 23)


@dataclass
class Pictures:
    """Frames in order. `complete` is False once a budget ran out: the frames were dropped."""

    budget: int = RAW_BUDGET_BYTES
    jpeg_budget: int = JPEG_BUDGET_BYTES
    frames: list[I420 | bytes] = field(default_factory=list)  # bytes: JPEG of the RGB frame
    raw_bytes: int = 0
    jpeg_bytes: int = 0
    complete: bool = True

    def add(self, picture: I420) -> None:
        if not self.complete:
            return
        if self.raw_bytes + picture.nbytes <= self.budget:
            self.frames.append(picture)
            self.raw_bytes += picture.nbytes
            return
        import cv2

        rgb = cv2.cvtColor(picture, cv2.COLOR_YUV2RGB_I420)
        ok, jpeg = cv2.imencode(".jpg", rgb, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
        self.jpeg_bytes += jpeg.nbytes
        if not ok or self.jpeg_bytes > self.jpeg_budget:
            self.frames, self.complete = [], False
            return
        self.frames.append(jpeg.tobytes())

    def extend(self, other: Pictures) -> None:
        self.frames.extend(other.frames)
        self.raw_bytes += other.raw_bytes
        self.jpeg_bytes += other.jpeg_bytes
        self.complete = self.complete and other.complete

    def __len__(self) -> int:
        return len(self.frames)

    def take_i420(self) -> Iterator[I420]:
        """Each frame as I420, in order, let go of as it is given (the annotated video is
        drawn on them in place, and memory falls as it is encoded)."""
        import cv2

        frames, self.frames = self.frames[::-1], []
        self.raw_bytes = self.jpeg_bytes = 0
        while frames:
            f = frames.pop()
            if isinstance(f, bytes):
                rgb = cv2.imdecode(np.frombuffer(f, np.uint8), cv2.IMREAD_COLOR)
                yield np.asarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2YUV_I420), dtype=np.uint8)
            else:
                yield f
