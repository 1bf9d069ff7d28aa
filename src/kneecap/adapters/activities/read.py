"""Read watch files, gzip files and export zips into activities + per-file errors.

Dispatch is by content (magic bytes), not by file name, so a misnamed file is still read.
One bad file never stops the rest of an archive: its problem is reported with its name.
Every activity leaves with its dates checked (domain/load/dates.py), copies of one session
folded together (domain/load/identity.py), and each of its issues also listed as a warning
on its file.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from kneecap.adapters.activities.archive import MAX_UNPACKED_BYTES, is_zip, read_zip
from kneecap.adapters.activities.errors import ActivityFileError, NotAnActivityError
from kneecap.adapters.activities.fit.decoder import decode
from kneecap.adapters.activities.fit.filetype import kind_of, not_an_activity_reason
from kneecap.adapters.activities.fit.summary import activities_from_fit
from kneecap.adapters.activities.gpx import read_gpx
from kneecap.adapters.activities.tcx import read_tcx
from kneecap.domain.load.activity import Activity
from kneecap.domain.load.dates import date_issues
from kneecap.domain.load.identity import dedupe as fold_copies
from kneecap.domain.load.provenance import Issue, IssueCode
from kneecap.ports.activities import FileProblem, ReadResult

VERY_LONG_S = 24 * 3600.0  # longer than a day: kept, but confirmed by a person


def read_file_bytes(data: bytes, name: str) -> tuple[list[Activity], list[str]]:
    """One watch file (FIT, GPX, TCX; gzipped or not) -> (activities, warnings).

    Raises ActivityFileError, and only that, when the file cannot be read
    (NotAnActivityError when it is a readable file of another kind).
    """
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data)
    if len(data) >= 12 and data[8:12] == b".FIT":
        fit = decode(data)
        acts = activities_from_fit(fit, name)
        if not acts:
            kind = kind_of(fit)
            raise NotAnActivityError(not_an_activity_reason(kind), kind or "empty FIT")
        return acts, list(fit.warnings)
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<"):
        if b"<gpx" in head:
            return read_gpx(data, name), []
        if b"<trainingcenterdatabase" in head:
            return read_tcx(data, name), []
    raise ActivityFileError(
        "not a FIT, GPX or TCX file (nor a gzip/zip holding one); export the activity from"
        " your watch app as .fit, .gpx or .tcx"
    )


def _gunzip(data: bytes) -> bytes:
    d = zlib.decompressobj(wbits=31)
    try:
        out = d.decompress(data, MAX_UNPACKED_BYTES)
    except zlib.error as exc:
        raise ActivityFileError(f"damaged gzip file ({exc})") from exc
    if d.unconsumed_tail:
        raise ActivityFileError("gzip file unpacks to more than 512 MiB; refused")
    if not d.eof:
        raise ActivityFileError("gzip file is truncated (its end is missing)")
    return out


def _system_now() -> datetime:
    return datetime.now(UTC)


class FileActivityReader:
    """Implements ports.activities.ActivityReader. `now` dates the 'in the future' check."""

    def __init__(self, now: Callable[[], datetime] = _system_now) -> None:
        self._now = now

    def read_paths(self, paths: Iterable[Path]) -> ReadResult:
        res = ReadResult()
        for p in paths:
            try:
                data = Path(p).read_bytes()
            except OSError as exc:
                res.errors.append(FileProblem(str(p), f"cannot open the file ({exc.strerror})"))
                continue
            res.extend(read_any(data, Path(p).name))
        return finish(res, self._now())

    def read_bytes(self, data: bytes, name: str) -> ReadResult:
        return finish(read_any(data, name), self._now())


def read_bytes(data: bytes, name: str) -> ReadResult:
    return FileActivityReader().read_bytes(data, name)


def read_paths(paths: Iterable[Path]) -> ReadResult:
    return FileActivityReader().read_paths(paths)


def read_any(data: bytes, name: str, depth: int = 0) -> ReadResult:
    """A file or an archive, unchecked (finish() checks dates and folds copies)."""
    if is_zip(data):
        return read_zip(data, name, depth, read_file_bytes)
    res = ReadResult()
    try:
        acts, warns = read_file_bytes(data, name)
    except ActivityFileError as exc:
        res.errors.append(FileProblem(name, exc.reason))
        return res
    except Exception as exc:
        res.errors.append(FileProblem(name, f"unexpected reader failure ({type(exc).__name__})"))
        return res
    res.activities.extend(acts)
    res.warnings.extend(FileProblem(name, w) for w in warns)
    return res


def checked(a: Activity, now: datetime) -> Activity:
    """The activity with its date and length checked."""
    extra: list[Issue] = []
    codes = {i.code for i in a.issues}
    if not codes & {IssueCode.CLOCK_NOT_SET, IssueCode.DATE_IMPLAUSIBLE}:
        extra += date_issues(a.start, now)
    if a.duration_s > VERY_LONG_S and IssueCode.VERY_LONG not in codes:
        extra.append(
            Issue(
                IssueCode.VERY_LONG,
                f"lasts {a.duration_s / 3600:.1f} h, longer than a day: confirm it is one activity",
                needs_confirmation=True,
            )
        )
    return replace(a, issues=a.issues + tuple(extra)) if extra else a


def finish(res: ReadResult, now: datetime) -> ReadResult:
    acts = [checked(a, now) for a in res.activities]
    kept, copies = fold_copies(acts)
    res.activities = kept
    res.duplicates += copies
    seen = {(w.file, w.reason) for w in res.warnings}
    for a in kept:
        notes = [i.message for i in a.issues]
        if a.sport_call.needs_confirmation:
            notes.append(f"sport to confirm: {a.sport_call.reason}")
        for note in notes:  # which activity: a file may hold several
            w = FileProblem(a.source, f"activity of {a.start:%Y-%m-%d %H:%M} UTC: {note}")
            if (w.file, w.reason) not in seen:
                seen.add((w.file, w.reason))
                res.warnings.append(w)
    return res
