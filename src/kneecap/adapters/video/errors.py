"""Video input errors with user-facing messages (what is wrong, what to do)."""

from __future__ import annotations

from kneecap.domain.gait.errors import GaitAnalysisError, TooFewStridesError


class VideoNotFoundError(GaitAnalysisError):
    user_message = "There is no file at that path. Check the file name and folder."
    not_found = True


class NotAVideoError(GaitAnalysisError):
    user_message = (
        "This file is not a video we can read. Upload the MP4, MOV or WebM from your phone."
    )


class NoVideoStreamError(GaitAnalysisError):
    user_message = (
        "This file holds no video picture (only sound or data). Upload the video recording itself."
    )


class VideoTooShortError(TooFewStridesError):
    user_message = (
        "The video is too short: film at least 10 seconds of steady running (8 or more strides)."
    )


class NoRunnerFoundError(GaitAnalysisError):
    user_message = (
        "No runner was found in the video. Film the whole body, head to feet, in good light."
    )


class NoWholeRunnerError(GaitAnalysisError):
    user_message = (
        "Only part of a person is in view (face or upper body): the legs and feet must be seen. "
        "Film the whole runner, head to feet, from the side or from behind."
    )


class RunnerTooSmallError(GaitAnalysisError):
    user_message = (
        "The runner is too small in the picture. Move the phone closer so the runner fills at "
        "least half the frame's height."
    )


class TooDarkError(GaitAnalysisError):
    user_message = "The video is too dark to see the runner. Film in daylight or a well-lit room."
