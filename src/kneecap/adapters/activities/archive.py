"""Export zips: Strava bulk exports, Garmin Connect account exports, or any zip of watch files.

* Strava: each activities.csv (wherever it sits: a re-zipped export nests it as
  export_12345/activities.csv) is matched to files by its Filename column relative to the
  CSV's own folder; failing that by file name alone. The row's type, name and gear are
  applied to the file's activity; rows whose file is missing or unreadable still count,
  from the CSV's own summary.
* Garmin: DI_CONNECT/DI-Connect-Fitness/*_summarizedActivities.json summaries, and the
  original files in the nested DI-Connect-Uploaded-Files/UploadedFiles_*.zip (garmin.py).
Whatever in the archive is not an activity is counted by folder and said in one warning, so
nothing is left out without a word.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from kneecap.adapters.activities.errors import ActivityFileError, NotAnActivityError
from kneecap.adapters.activities.garmin import read_garmin_summaries
from kneecap.adapters.activities.strava import StravaRow, parse_activities_csv
from kneecap.domain.load.activity import Activity
from kneecap.domain.load.provenance import SportCall
from kneecap.ports.activities import FileProblem, ReadResult

MAX_UNPACKED_BYTES = 512 * 1024 * 1024  # refuse zip/gzip bombs beyond this per member
MAX_NESTING = 3  # Garmin exports nest upload zips inside the export zip
GARMIN_ROOT = "DI_CONNECT/"
GARMIN_UPLOADS = "DI-Connect-Uploaded-Files/"
NOT_ACTIVITY_SUFFIXES = (
    ".json", ".csv", ".jpg", ".jpeg", ".png", ".gif", ".heic", ".txt", ".html", ".pdf",
    ".mp4", ".mov",
)  # fmt: skip
ReadFile = Callable[[bytes, str], tuple[list[Activity], list[str]]]


def is_zip(data: bytes) -> bool:
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def _key(path: str) -> str:
    p = path.replace("\\", "/").strip("/").lower()
    return p[:-3] if p.endswith(".gz") else p


@dataclass(slots=True)
class _CsvTable:
    member: str
    root: str  # the folder activities.csv sits in ("" at the top)
    rows: list[StravaRow]
    by_path: dict[str, int] = field(default_factory=dict)
    by_name: dict[str, int] = field(default_factory=dict)  # only names that occur once
    used: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        names: Counter[str] = Counter()
        for i, r in enumerate(self.rows):
            if r.filename:
                self.by_path[_key(r.filename)] = i
                names[posixpath.basename(_key(r.filename))] += 1
        for i, r in enumerate(self.rows):
            if r.filename and names[posixpath.basename(_key(r.filename))] == 1:
                self.by_name[posixpath.basename(_key(r.filename))] = i

    def match(self, member: str) -> StravaRow | None:
        prefix = self.root + "/" if self.root else ""
        if not member.startswith(prefix):
            return None
        i = self.by_path.get(_key(member[len(prefix) :]))
        if i is None:
            i = self.by_name.get(posixpath.basename(_key(member)))
        if i is None or i in self.used:
            return None
        self.used.add(i)
        return self.rows[i]


def _folder(member: str) -> str:
    parts = member.split("/")[:-1]
    return "/".join(parts[:2]) if parts else "(top level)"


@dataclass(slots=True)
class _Unused:
    by_folder: Counter[str] = field(default_factory=Counter)
    fit_kinds: Counter[str] = field(default_factory=Counter)

    def warning(self, name: str) -> FileProblem | None:
        total = sum(self.by_folder.values())
        if not total:
            return None
        where = ", ".join(f"{n} in {f}" for f, n in self.by_folder.most_common(6))
        more = "" if len(self.by_folder) <= 6 else f" and {len(self.by_folder) - 6} more folders"
        kinds = ""
        if self.fit_kinds:
            kinds = (
                " (among them FIT files that are not activities: "
                + ", ".join(f"{n} {k}" for k, n in self.fit_kinds.most_common())
                + ")"
            )
        return FileProblem(name, f"{total} files in the archive are not activities and were"
                           f" not used: {where}{more}{kinds}")  # fmt: skip


def _members(data: bytes, name: str, res: ReadResult) -> dict[str, bytes] | None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        res.errors.append(FileProblem(name, f"damaged zip archive ({exc})"))
        return None
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
    return members


def read_zip(data: bytes, name: str, depth: int, read_file: ReadFile) -> ReadResult:
    res = ReadResult()
    if depth >= MAX_NESTING:
        res.errors.append(FileProblem(name, "zip nested too deeply; unpack it first"))
        return res
    members = _members(data, name, res)
    if members is None:
        return res
    paths = list(members)
    tables = _strava_tables(members, name, res)
    summaries = _garmin_summaries(members, name, res)
    unused = _Unused()
    for member, blob in members.items():
        base = member.rsplit("/", 1)[-1].lower()
        if base.endswith(NOT_ACTIVITY_SUFFIXES):
            unused.by_folder[_folder(member)] += 1
            continue
        label = f"{name}!{member}"
        row = next((r for t in tables if (r := t.match(member)) is not None), None)
        if is_zip(blob):
            res.extend(read_zip(blob, label, depth + 1, read_file))
            continue
        try:
            acts, warns = read_file(blob, label)
        except NotAnActivityError as exc:
            unused.by_folder[_folder(member)] += 1
            unused.fit_kinds[exc.kind] += 1
            if row is not None:
                res.activities.append(replace(row.summary, source=label))
            continue
        except ActivityFileError as exc:
            if row is None:
                res.errors.append(FileProblem(label, exc.reason))
            else:  # the file failed: fall back to what the CSV says, and say so
                res.activities.append(replace(row.summary, source=label))
                res.warnings.append(
                    FileProblem(label, exc.reason + "; used the activities.csv summary instead")
                )
            continue
        except Exception as exc:
            res.errors.append(
                FileProblem(label, f"unexpected reader failure ({type(exc).__name__})")
            )
            continue
        res.activities.extend(_with_strava(acts, row) if row is not None else acts)
        res.warnings.extend(FileProblem(label, w) for w in warns)
    for t in tables:  # rows whose file is not in the zip: the CSV row is all there is
        for i, r in enumerate(t.rows):
            if i not in t.used:
                res.activities.append(replace(r.summary, source=f"{name}!{t.member}"))
                if r.filename:
                    why = f"lists {r.filename}, which the archive does not hold: used the row"
                    res.warnings.append(FileProblem(f"{name}!{t.member}", why))
    res.activities.extend(summaries)
    _check_garmin_layout(paths, name, res)
    w = unused.warning(name)
    if w is not None:
        res.warnings.append(w)
    return res


def _strava_tables(members: dict[str, bytes], name: str, res: ReadResult) -> list[_CsvTable]:
    tables = []
    for m in [m for m in members if m.rsplit("/", 1)[-1].lower() == "activities.csv"]:
        rows, problems = parse_activities_csv(members.pop(m).decode("utf-8", "replace"))
        res.warnings.extend(FileProblem(f"{name}!{m}", p) for p in problems)
        tables.append(_CsvTable(m, posixpath.dirname(m), rows))
    return tables


def _garmin_summaries(members: dict[str, bytes], name: str, res: ReadResult) -> list[Activity]:
    out: list[Activity] = []
    for m in [m for m in members if m.lower().endswith("summarizedactivities.json")]:
        label = f"{name}!{m}"
        try:
            g = read_garmin_summaries(members.pop(m))
        except ActivityFileError as exc:
            res.warnings.append(FileProblem(label, exc.reason))
            continue
        out += [replace(a, source=label) for a in g.activities]
        res.warnings.extend(FileProblem(label, p) for p in g.problems())
    return out


def _check_garmin_layout(paths: list[str], name: str, res: ReadResult) -> None:
    """A Garmin export should hold both the summaries and the uploaded files; say what is
    missing, since either alone loses activities."""
    if not any(p.startswith(GARMIN_ROOT) or f"/{GARMIN_ROOT}" in p for p in paths):
        return
    if not any(p.lower().endswith("summarizedactivities.json") for p in paths):
        res.warnings.append(FileProblem(name, "Garmin export without DI_CONNECT/DI-Connect-"
            "Fitness/*_summarizedActivities.json: activities whose original file is not in the"
            " export are missing; export the account data again"))  # fmt: skip
    if not any(GARMIN_UPLOADS in p for p in paths):
        res.warnings.append(FileProblem(name, "Garmin export without DI_CONNECT/DI-Connect-"
            "Uploaded-Files/UploadedFiles_*.zip: only Garmin's summaries were read (no heart"
            " rate per second, no running dynamics)"))  # fmt: skip


def _with_strava(acts: list[Activity], row: StravaRow) -> list[Activity]:
    """The CSV row is the athlete's own word on the activity: its type (for a one-session
    file), name and gear win; the file's measurements stay."""
    out = []
    for a in acts:
        sport, call = a.sport, a.sport_call
        if len(acts) == 1 and row.label:
            sport, call = row.sport, SportCall.export("activities.csv", row.label)
        out.append(replace(
            a, sport=sport, sport_call=call, gear=row.gear or a.gear,
            rpe=a.rpe if a.rpe is not None else row.rpe, name=row.name or a.name,
        ))  # fmt: skip
    return out
