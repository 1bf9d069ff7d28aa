"""FIT import throughput: Kneecap's numpy decoder vs fitdecode, same files, same run.

Also builds synthetic 1,000-file Strava export zips from the real files (in a temp dir) and
times (a) decode + analyse in memory and (b) the whole import job storing them through the
service into a fresh SQLite database, then the stored-data report. Zip 1 repeats the FIT files
(dedup leaves one activity per distinct file); zip 2 holds 1,000 distinct GPX activities (a
real track re-dated day by day), so 1,000 rows are stored. Last, `kneecap load analyze` as a
new process on 55 real watch files, start-up included, against fitdecode on the FIT files among
them. Run: python bench/import_throughput.py (only the command line: --cli)
"""

from __future__ import annotations

import gzip
import io
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import fitdecode

from kneecap.adapters.activities.errors import ActivityFileError
from kneecap.adapters.activities.fit.decoder import decode
from kneecap.adapters.activities.read import read_bytes, read_paths
from kneecap.domain.load.analysis import analyze

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "activities"
MORE = DATA.parent / "activities-more"
WATCH = (".fit", ".gpx", ".tcx")


def fitdecode_count(data: bytes) -> tuple[int, list[float]]:
    n, dist = 0, []
    with fitdecode.FitReader(io.BytesIO(data)) as fr:
        for frame in fr:
            if isinstance(frame, fitdecode.FitDataMessage):
                n += 1
                if frame.name == "session":
                    v = frame.get_value("total_distance", fallback=None)
                    if v is not None:
                        dist.append(float(v))
    return n, dist


def main() -> None:
    import warnings

    warnings.simplefilter("ignore")
    files = sorted(DATA.glob("*.fit"))
    blobs = {f.name: f.read_bytes() for f in files}
    readable = {}
    t_fd = 0.0
    for name, b in blobs.items():
        t = time.perf_counter()
        try:
            readable[name] = fitdecode_count(b)
        except Exception:
            continue
        finally:
            t_fd += time.perf_counter() - t
    t_fd = 0.0
    for name in readable:  # time only the files fitdecode reads
        t = time.perf_counter()
        fitdecode_count(blobs[name])
        t_fd += time.perf_counter() - t
    t_own, records = 0.0, 0
    mismatches = []
    for name, (n_fd, dist_fd) in readable.items():
        t = time.perf_counter()
        fit = decode(blobs[name])
        t_own += time.perf_counter() - t
        records += fit.data_messages
        s = fit.messages.get(18)
        dist = [] if s is None or s.get(9) is None else [x / 100 for x in s.fields[9] if x == x]
        if n_fd != fit.data_messages or [round(x, 2) for x in dist] != [
            round(x, 2) for x in dist_fd
        ]:
            mismatches.append(name)
    t_act = 0.0
    for name in readable:  # the whole reader: activities, damage cuts, sport, dates, copies
        t = time.perf_counter()
        read_bytes(blobs[name], name)
        t_act += time.perf_counter() - t
    mb = sum(len(blobs[n]) for n in readable) / 1e6
    print(f"files read by fitdecode: {len(readable)}/{len(files)}; {mb:.2f} MB, {records} messages")
    print(f"kneecap : {t_own:.3f} s  {mb / t_own:8.1f} MB/s  {records / t_own:12.0f} records/s")
    print(f"fitdecode: {t_fd:.3f} s  {mb / t_fd:8.1f} MB/s  {records / t_fd:12.0f} records/s")
    print(f"ratio kneecap/fitdecode: {t_fd / t_own:.1f}x; mismatches: {mismatches or 'none'}")
    print(
        f"kneecap reader to activities (decode, damage cuts, sport, dates, copies): {t_act:.3f} s,"
        f" {t_fd / t_act:.1f}x fitdecode's decode alone"
    )
    own_only = [n for n in blobs if n not in readable]
    for n in own_only:
        try:
            decode(blobs[n])
            print(f"  also read by kneecap (fitdecode fails): {n}")
        except ActivityFileError as exc:
            print(f"  not read by either: {n}: {exc.reason[:80]}")

    # synthetic Strava export: 1,000 activities cycling through the readable FIT files
    names = list(readable)
    with tempfile.TemporaryDirectory() as tmp:
        zpath = Path(tmp) / "export.zip"
        lines = [
            "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,"
            "Activity Gear,Filename,Elapsed Time,Distance,Perceived Exertion"
        ]
        with zipfile.ZipFile(zpath, "w", zipfile.ZIP_STORED) as zf:
            for k in range(1000):
                name = names[k % len(names)]
                member = f"activities/{k}.fit.gz"
                zf.writestr(member, gzip.compress(blobs[name], compresslevel=1))
                lines.append(
                    f'{k},"Nov 3, 2024, 7:12:45 AM",run {k},Run,3600,10.0,'
                    f"Shoe A,{member},3600.0,10000.0,5"
                )
            zf.writestr("activities.csv", "\n".join(lines))
        size = zpath.stat().st_size / 1e6
        t = time.perf_counter()
        res = read_paths([zpath])
        t_read = time.perf_counter() - t
        # dedup leaves one activity per distinct file: re-date copies, one per day, to analyse 1,000
        base = min(a.start for a in res.activities)
        pool = res.activities
        acts = [replace(pool[i % len(pool)], start=base + timedelta(days=i)) for i in range(1000)]
        t = time.perf_counter()
        result = analyze(acts, max(a.start for a in acts).date())
        t_an = time.perf_counter() - t
        db_fit = db_import(zpath.read_bytes())
    print(
        f"strava export zip: 1000 files, {size:.1f} MB: import {t_read:.2f} s"
        f" ({len(res.activities)} unique activities after dedup, {res.duplicates} duplicates,"
        f" {len(res.errors)} errors); analysis of {len(acts)} activities {t_an:.3f} s,"
        f" {len(result.alerts)} alerts; total {t_read + t_an:.2f} s"
    )
    print(f"  same zip as an import job into SQLite: {db_fit}")
    distinct_gpx_export()


def db_import(data: bytes) -> str:
    """The import job end to end (blob store, read, store via the service) into a fresh SQLite,
    then the stored-data report (load series and alerts)."""
    from kneecap.adapters.security.argon2_hasher import Argon2Hasher
    from kneecap.bootstrap import build
    from kneecap.config import Settings
    from kneecap.domain.access.roles import Role
    from kneecap.domain.clients.record import ClientDetails
    from kneecap.services.accounts import actor_for
    from kneecap.services.caller import Caller
    from kneecap.services.training_import import Upload

    with tempfile.TemporaryDirectory() as tmp:
        c = build(
            Settings(data_dir=Path(tmp)),
            hasher=Argon2Hasher(fast=True),
            queue_jobs=False,  # the job runs here, timed
        )
        clinic = c.accounts.create_clinic("Bench clinic")
        user, _ = c.accounts.add_user(clinic.id, "lmt@b.test", "LMT", Role.LMT, "bench-password")
        caller = Caller(actor_for(user), "bench")
        client = c.clients.create(caller, ClientDetails(name="Runner", sports=("running",)))
        t = time.perf_counter()
        job = c.training.imports.start(caller, client.id, [Upload("export.zip", data)])
        done = c.jobs.run(job.id)
        t_job = time.perf_counter() - t
        t = time.perf_counter()
        report = c.training.report(caller, client.id)
        t_rep = time.perf_counter() - t
        c.close()
    assert done is not None
    r = done.result
    return (f"job {t_job:.2f} s ({r['imported']} stored, {r['duplicates']} duplicates,"
            f" {r['error_count']} errors, {r['imported'] / t_job:.0f} stored/s);"
            f" report from the database {t_rep:.3f} s ({report.activity_count} activities,"
            f" {len(report.analysis.alerts)} alerts)")  # fmt: skip


def distinct_gpx_export() -> None:
    """1,000 distinct activities: the real GPX track re-dated one day apart."""
    from datetime import date

    src = (DATA / "gpx_korita_zbevnica.gpx").read_text()
    buf = io.BytesIO()
    lines = ["Activity ID,Activity Date,Activity Name,Activity Type,Filename"]
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for k in range(1000):
            day = date(2021, 1, 1) + timedelta(days=k)
            nxt = day + timedelta(days=1)
            text = src.replace("2010-10-03T", f"{day.isoformat()}T").replace(
                "2010-10-04T", f"{nxt.isoformat()}T"
            )
            member = f"activities/{k}.gpx"
            zf.writestr(member, text)
            lines.append(f'{k},"{day:%b} {day.day}, {day.year}, 1:19:31 PM",run {k},Run,{member}')
        zf.writestr("activities.csv", "\n".join(lines))
    data = buf.getvalue()
    t = time.perf_counter()
    res = read_bytes(data, "export.zip")
    t_read = time.perf_counter() - t
    t = time.perf_counter()
    result = analyze(res.activities, max(a.start for a in res.activities).date())
    t_an = time.perf_counter() - t
    print(
        f"strava export zip: 1000 GPX files (a real track file re-dated), {len(data) / 1e6:.1f} MB:"
        f" decode {t_read:.2f} s + analyse {t_an:.3f} s = {t_read + t_an:.2f} s"
        f" ({len(res.activities)} activities, {len(result.alerts)} alerts)"
    )
    print(f"  same zip as an import job into SQLite: {db_import(data)}")


def cli_folder(tmp: Path) -> tuple[list[Path], list[Path]]:
    """The 55 real watch files: every one in activities/ and the FIT and TCX files of
    activities-more/ (its GPX files are mostly waypoint-only parser tests), copied to one
    folder. Returns (all files, the FIT files among them)."""
    chosen = [p for p in sorted(DATA.iterdir()) if p.suffix.lower() in WATCH]
    chosen += [p for p in sorted(MORE.iterdir()) if p.suffix.lower() in (".fit", ".tcx")]
    out = []
    for p in chosen:
        dest = tmp / p.name
        dest.write_bytes(p.read_bytes())
        out.append(dest)
    return out, [p for p in out if p.suffix.lower() == ".fit"]


FITDECODE_SCRIPT = """
import io, sys, fitdecode
for name in sys.argv[1:]:
    try:
        with fitdecode.FitReader(name) as fr:
            for frame in fr:
                pass
    except Exception:
        pass
"""


def best_of(n: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        run()
        times.append(time.perf_counter() - t)
    return min(times)


def cli_end_to_end() -> None:
    """`kneecap load analyze` as a user runs it (a new process: start-up, imports, reading,
    analysis, JSON out) against fitdecode decoding only the FIT files among them, in-process
    (no start-up: the strictest baseline) and as a process of its own."""
    import shutil
    import subprocess
    import sys

    kneecap = shutil.which("kneecap") or str(Path(sys.executable).with_name("kneecap"))
    with tempfile.TemporaryDirectory() as tmp:
        files, fits = cli_folder(Path(tmp))
        args = [str(p) for p in files]
        fit_args = [str(p) for p in fits]

        def cli() -> None:
            done = subprocess.run([kneecap, "load", "analyze", "--json", *args],
                                  capture_output=True, check=False)  # fmt: skip
            assert done.returncode == 0, done.stderr[-500:]

        def help_() -> None:
            subprocess.run([kneecap, "--help"], capture_output=True, check=True)

        def fd_inproc() -> None:
            for f in fits:
                try:
                    fitdecode_count(f.read_bytes())
                except Exception:
                    continue

        def fd_proc() -> None:
            subprocess.run([sys.executable, "-c", FITDECODE_SCRIPT, *fit_args],
                           capture_output=True, check=True)  # fmt: skip

        # `pip install .` writes every module's bytecode at install time; an editable checkout
        # compiles each module on every start when PYTHONDONTWRITEBYTECODE is set (as on the
        # shared test machine), which is not what a user's install does: compile it once here.
        import compileall
        import importlib.util

        spec = importlib.util.find_spec("kneecap")
        assert spec is not None and spec.origin is not None
        compileall.compile_dir(Path(spec.origin).parent, quiet=2)
        cli()  # warm the file cache for both sides
        fd_inproc()
        t_help = best_of(5, help_)
        t_cli = best_of(5, cli)
        t_fd = best_of(5, fd_inproc)
        t_fdp = best_of(5, fd_proc)
    print(
        f"kneecap --help: {t_help:.2f} s (best of 5, a new process each time)\n"
        f"kneecap load analyze --json on {len(files)} real watch files ({len(fits)} FIT),"
        f" a new process, start-up included: {t_cli:.2f} s\n"
        f"fitdecode decoding only the {len(fits)} FIT files: in-process {t_fd:.2f} s"
        f" ({t_fd / t_cli:.1f}x kneecap's time), as its own process {t_fdp:.2f} s"
        f" ({t_fdp / t_cli:.1f}x)"
    )


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["--cli"]:
        cli_end_to_end()
    else:
        main()
        cli_end_to_end()
