"""FIT import throughput: Kneecap's numpy decoder vs fitdecode, same files, same run.

Also builds a synthetic 1,000-activity Strava export zip from the real files (in a temp dir)
and times import + analysis. Run: python bench/import_throughput.py
"""

from __future__ import annotations

import gzip
import io
import tempfile
import time
import zipfile
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import fitdecode

from kneecap.adapters.activities.errors import ActivityFileError
from kneecap.adapters.activities.fit.decoder import decode
from kneecap.adapters.activities.read import read_paths
from kneecap.domain.load.analysis import analyze

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "activities"


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
    mb = sum(len(blobs[n]) for n in readable) / 1e6
    print(f"files read by fitdecode: {len(readable)}/{len(files)}; {mb:.2f} MB, {records} messages")
    print(f"kneecap : {t_own:.3f} s  {mb / t_own:8.1f} MB/s  {records / t_own:12.0f} records/s")
    print(f"fitdecode: {t_fd:.3f} s  {mb / t_fd:8.1f} MB/s  {records / t_fd:12.0f} records/s")
    print(f"ratio kneecap/fitdecode: {t_fd / t_own:.1f}x; mismatches: {mismatches or 'none'}")
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
    print(
        f"strava export zip: 1000 files, {size:.1f} MB: import {t_read:.2f} s"
        f" ({len(res.activities)} unique activities after dedup, {res.duplicates} duplicates,"
        f" {len(res.errors)} errors); analysis of {len(acts)} activities {t_an:.3f} s,"
        f" {len(result.alerts)} alerts; total {t_read + t_an:.2f} s"
    )


if __name__ == "__main__":
    main()
