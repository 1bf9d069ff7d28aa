"""Errors the gait analysis raises on input it cannot analyse, each with a user-facing message."""

from __future__ import annotations


class GaitAnalysisError(Exception):
    """Base: `user_message` says what is wrong and what to do, in plain words."""

    user_message: str = "The video could not be analysed."
    not_found: bool = False  # the input itself is missing (CLI exit 3), not unsuitable (1)

    def __init__(self, detail: str | None = None) -> None:
        self.detail = detail
        super().__init__(self.user_message + (f" ({detail})" if detail else ""))


class TooFewStridesError(GaitAnalysisError):
    user_message = (
        "The clip has too few running strides to measure (at least 8 are needed). "
        "Film at least 10 seconds of steady running."
    )


class SlowMotionError(GaitAnalysisError):
    """The clip plays slower than it was filmed (a phone slow-motion export)."""

    def __init__(self, detail: str | None = None, factor: int = 4, fps: float = 30.0) -> None:
        self.user_message = (
            f"This looks like a slow-motion video played at about 1/{factor} speed: the steps "
            "take far longer than a runner's steps can under gravity, so cadence and timing "
            "would be wrong. Export the clip at real speed (on a phone: the normal-speed "
            "version, not the slow-motion edit), or, on the command line, give the frame rate "
            f"it was filmed at with --fps (probably --fps {factor * fps:.0f})."
        )
        super().__init__(detail)
