"""The one error type readers raise: a file that cannot be read, said in plain words."""

from __future__ import annotations


class ActivityFileError(Exception):
    """A watch file (or an archive member) could not be read.

    `reason` is written for the runner: what is wrong and what to do.
    """

    def __init__(self, reason: str, file: str = "") -> None:
        super().__init__(f"{file}: {reason}" if file else reason)
        self.reason = reason
        self.file = file


class NotAnActivityError(ActivityFileError):
    """A readable file of another kind (FIT settings, monitoring, workout...): nothing to
    import. Inside an export it is counted among the files not used, not an error."""

    def __init__(self, reason: str, kind: str) -> None:
        super().__init__(reason)
        self.kind = kind
