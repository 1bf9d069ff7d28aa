"""Read watch files, gzip files and export zips into activities + per-file errors.

Dispatch is by content (magic bytes), not by file name, so a misnamed file is still read.
One bad file never stops the rest of an archive: its problem is reported with its name.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from kneecap.adapters.activities.errors import ActivityFileError
from kneecap.adapters.activities.fit.decoder import decode
from kneecap.adapters.activities.fit.summary import activities_from_fit
from kneecap.adapters.activities.garmin import read_garmin_summaries
from kneecap.adapters.activities.gpx import read_gpx
from kneecap.adapters.activities.strava import parse_activities_csv
from kneecap.adapters.activities.tcx import read_tcx
from kneecap.domain.load.activity import Activity, Sport
from kneecap.ports.activities import FileProblem, ReadResult

MAX_UNPACKED_BYTES = 512 * 1024 * 1024  # refuse zip/gzip bombs beyond this per member
MAX_NESTING = 3  # Garmin exports nest upload zips inside the export zip


def read_file_bytes(data: bytes, name: str) -> tuple[list[Activity], list[str]]:
    """One watch file (FIT, GPX, TCX; gzipped or not) -> (activities, warnings).

    Raises ActivityFileError, and only that, when the file cannot be read.
    """
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data)
    if len(data) >= 12 and data[8:12] == b".FIT":
        fit = decode(data)
        acts = activities_from_fit(fit, name)
        if not acts:
            raise ActivityFileError(
                "FIT file holds no activity (no session and no timed records);"
                " it may be a settings or course file"
            )
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


class FileActivityReader:
    """Implements ports.activities.ActivityReader."""

    def read_paths(self, paths: Iterable[Path]) -> ReadResult:
        res = ReadResult()
        for p in paths:
            try:
                data = Path(p).read_bytes()
            except OSError as exc:
                res.errors.append(FileProblem(str(p), f"cannot open the file ({exc.strerror})"))
                continue
            res.extend(self.read_bytes(data, Path(p).name))
        return dedupe(res)

    def read_bytes(self, data: bytes, name: str) -> ReadResult:
        return dedupe(_read_any(data, name, 0))


def read_bytes(data: bytes, name: str) -> ReadResult:
    return FileActivityReader().read_bytes(data, name)


def read_paths(paths: Iterable[Path]) -> ReadResult:
    return FileActivityReader().read_paths(paths)


def _read_any(data: bytes, name: str, depth: int) -> ReadResult:
    res = ReadResult()
    if data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06":
        if depth >= MAX_NESTING:
            res.errors.append(FileProblem(name, "zip nested too deeply; unpack it first"))
            return res
        return _read_zip(data, name, depth)
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


def _read_zip(data: bytes, name: str, depth: int) -> ReadResult:
    res = ReadResult()
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        res.errors.append(FileProblem(name, f"damaged zip archive ({exc})"))
        return res
    members: dict[str, bytes] = {}
    for info in infos:
        label = f"{name}!{info.filename}"
        if info.file_size > MAX_UNPACKED_BYTES:
            res.errors.append(FileProblem(label, "member unpacks to more than 512 MiB; refused"))
            continue
        try:
            members[info.filename] = zf.read(info)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as exc:
            res.errors.append(FileProblem(label, f"cannot unpack this member ({exc})"))
    csv_name = next((m for m in members if m.rsplit("/", 1)[-1] == "activities.csv"), None)
    strava = {}
    if csv_name is not None:
        rows, problems = parse_activities_csv(members.pop(csv_name).decode("utf-8", "replace"))
        res.warnings.extend(FileProblem(f"{name}!{csv_name}", p) for p in problems)
        strava = {r.filename: r for r in rows if r.filename}
        for r in rows:
            if not r.filename:  # manual activity: the CSV row is all there is
                res.activities.append(replace(r.summary, source=f"{name}!{csv_name}"))
    summaries: list[Activity] = []
    for member, blob in members.items():
        label = f"{name}!{member}"
        base = member.rsplit("/", 1)[-1].lower()
        if base.endswith("summarizedactivities.json"):
            try:
                summaries.extend(read_garmin_summaries(blob))
            except ActivityFileError as exc:
                res.warnings.append(FileProblem(label, exc.reason))
            continue
        if _skippable(base):
            continue
        sub = _read_any(blob, label, depth + 1)
        row = strava.pop(member, None)
        if row is not None:
            if sub.errors:  # the file failed: fall back to what the CSV says, and say so
                res.activities.append(replace(row.summary, source=label))
                res.warnings.extend(
                    FileProblem(e.file, e.reason + "; used the activities.csv summary instead")
                    for e in sub.errors
                )
                sub.errors = []
            sub.activities = [_with_strava(a, row) for a in sub.activities]
        res.extend(sub)
    for row in strava.values():  # listed in the CSV, file missing from the zip
        res.activities.append(replace(row.summary, source=f"{name}!{csv_name}"))
    # Garmin JSON summaries only add activities whose files were not in the export
    seen = {a.dedup_key for a in res.activities}
    res.activities.extend(
        replace(a, source=f"{name}!summarizedActivities.json")
        for a in summaries
        if a.dedup_key not in seen
    )
    return res


def _skippable(base: str) -> bool:
    """Export members that are not activities (photos, profiles, other JSON/CSV)."""
    return base.endswith((".json", ".csv", ".jpg", ".jpeg", ".png", ".txt", ".html", ".pdf"))


def _with_strava(a: Activity, row: object) -> Activity:
    from kneecap.adapters.activities.strava import StravaRow

    assert isinstance(row, StravaRow)
    sport = row.sport if a.sport == Sport.OTHER else a.sport
    return replace(
        a,
        sport=sport,
        gear=row.gear,
        rpe=a.rpe if a.rpe is not None else row.rpe,
        name=row.name or a.name,
    )


def dedupe(res: ReadResult) -> ReadResult:
    seen: set[str] = set()
    kept = []
    for a in res.activities:
        if a.dedup_key in seen:
            res.duplicates += 1
            continue
        seen.add(a.dedup_key)
        kept.append(a)
    res.activities = kept
    return res
