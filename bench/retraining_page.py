"""What gait retraining costs: reading per-record cadence from watch files, and the block page.

1. Per real FIT run in ../shared/data/activities: milliseconds to read its per-record cadence
   (FileCadenceReader: it reads the file as the importer does, then the records again) against
   the importer's own read of the same bytes (baseline, same run).
2. On SQLite in a temp folder: a block with N imported runs (synthetic FIT files, 45 min at one
   record a second): RetrainingService.page the first time (reads every upload once) and after
   (the traces are stored), against TrainingService.report for the same runner (baseline).

    python bench/retraining_page.py [RUNS] [ROUNDS]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kneecap.adapters.activities.cadence import FileCadenceReader
from kneecap.adapters.activities.fit.encode import run_file
from kneecap.adapters.activities.read import read_bytes
from kneecap.adapters.security.argon2_hasher import Argon2Hasher
from kneecap.bootstrap import build
from kneecap.config import Settings
from kneecap.domain.access.roles import Role
from kneecap.domain.clients.record import ClientDetails
from kneecap.domain.gait.review import FeedbackItem
from kneecap.ports.gait import NewVideo
from kneecap.services.accounts import actor_for
from kneecap.services.caller import Caller
from kneecap.services.retraining import StartOptions
from kneecap.services.training_import import Upload

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "activities"
FILES = ("run_fenix2_small.fit", "run_fr920xt_devfields.fit", "run_stryd_devfields.fit")


def _ms(fn: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def files(rounds: int) -> None:
    reader = FileCadenceReader()
    print("file                          records  importer ms  cadence ms  ratio")
    for name in FILES:
        path = DATA / name
        if not path.exists():
            print(f"{name}: not found under {DATA}")
            continue
        data = path.read_bytes()
        base = _ms(lambda d=data, n=name: read_bytes(d, n), rounds)  # type: ignore[misc]
        cad = _ms(lambda d=data, n=name: reader.read(d, n), rounds)  # type: ignore[misc]
        [run] = reader.read(data, name)
        n = 0 if run.trace is None else len(run.trace.t_s)
        print(f"{name:30s}{n:7d}  {base:11.2f}  {cad:10.2f}  {cad / base:5.2f}")


def page(runs: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        c = build(Settings(data_dir=Path(tmp)), hasher=Argon2Hasher(fast=True), queue_jobs=False)
        clinic = c.accounts.create_clinic("Bench")
        lmt, _ = c.accounts.add_user(clinic.id, "l@b.test", "L", Role.LMT, "password-123456")
        caller = Caller(actor_for(lmt))
        record = c.clients.create(caller, ClientDetails(name="Runner", sports=("running",)))
        # a released analysis with a cadence cue, stored as the gait service stores one
        start = c.clock.now().date() - timedelta(days=runs)
        with c.uow_factory() as uow:
            video = uow.gait.add_video(NewVideo(
                clinic.id, record.id, "k", "clip.mp4", 1, lmt.id, c.clock.now(), 1, 1, 30.0, 1.0,
            ))  # fmt: skip
            a = uow.gait.add_analysis(video, "side", None, c.clock.now())
            cue = (FeedbackItem("cadence_low", "quicker steps"),)
            uow.gait.set_result(a.id, {"cadence_spm": 164.0}, {}, cue)
            uow.gait.release(a.id, lmt.id, c.clock.now())
            uow.commit()
        c.retraining.start(caller, record.id, StartOptions(a.id, sessions=max(8, min(18, runs)),
                           per_week=4, start=start))  # fmt: skip
        for i in range(runs):
            at = datetime.combine(start + timedelta(days=i), datetime.min.time(), tzinfo=UTC)
            data = run_file(at + timedelta(hours=7), [172.0] * 2700)
            job = c.training.imports.start(caller, record.id, [Upload(f"{i}.fit", data)])
            c.jobs.run(job.id)
        first = _ms(lambda: c.retraining.page(caller, record.id), 1)
        after = _ms(lambda: c.retraining.page(caller, record.id), rounds)
        base = _ms(lambda: c.training.report(caller, record.id), rounds)
        print(f"\nblock page, {runs} runs of 45 min on SQLite (median of {rounds}):")
        print(f"  training report (baseline)   {base:8.1f} ms")
        print(f"  retraining page, first read  {first:8.1f} ms  ({first / base:.1f}x)")
        print(f"  retraining page, traces kept {after:8.1f} ms  ({after / base:.1f}x)")
        c.close()


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 12
    r = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    files(r)
    page(n, r)
