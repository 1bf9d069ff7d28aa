"""A worker fleet that loses nothing: PostgreSQL, Redis and an S3-compatible store (moto's
server, started by the test); two `kneecap worker` processes on their own data folders; 20
queued imports; one worker killed with SIGKILL while it runs a job. Every job finishes once,
nothing is stored twice, and the killed worker's job runs again on the other once its lease
expires. Progress is read from the job rows throughout, as the pages read it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from kneecap.adapters.db.engine import make_engine
from kneecap.adapters.db.migrate import upgrade
from kneecap.adapters.db.models.jobs import JobRow
from kneecap.adapters.db.models.load import ActivityRow
from kneecap.bootstrap import build
from kneecap.config import Settings
from kneecap.services.training_import import Upload
from tests.factories import make_world
from tests.integration.jobs.test_dramatiq_queue import REDIS_URL, _redis_or_skip
from tests.support.databases import require_postgres
from tests.support.s3 import CREDENTIALS, S3Server, s3_server, s3_url

__all__ = ["s3_server", "s3_url"]
pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("fleet")]
JOBS = 20
LEASE_S = 4
POINTS = 12_000  # about a second of parsing per file on the test machine: long enough to kill


def _gpx(start: datetime, points: int = POINTS) -> bytes:
    trkpts = "".join(
        f'<trkpt lat="{45 + i * 2e-5:.6f}" lon="14.0"><ele>100</ele>'
        f"<time>{(start + timedelta(seconds=i)).strftime('%Y-%m-%dT%H:%M:%SZ')}</time></trkpt>"
        for i in range(points)
    )
    return (
        '<?xml version="1.0"?><gpx version="1.1" creator="test" '
        'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>'
        f"{trkpts}</trkseg></trk></gpx>"
    ).encode()


def _upload(n: int, start: datetime) -> Upload:
    return Upload(f"run-{n}.gpx", _gpx(start + timedelta(days=n)))


@pytest.fixture
def fleet_db() -> Iterator[str]:
    base = require_postgres()
    schema = f"kneecap_fleet_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    rendered = url.render_as_string(hide_password=False)
    engine = make_engine(rendered, pooled=False)
    upgrade(engine)
    engine.dispose()
    yield rendered
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


def test_two_workers_one_killed_every_job_finishes_once(
    tmp_path: Path, fleet_db: str, s3_server: S3Server, s3_url: str
) -> None:
    _redis_or_skip()
    namespace = f"kneecap-fleet-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        **CREDENTIALS,
        "KNEECAP_DATABASE_URL": fleet_db,
        "KNEECAP_BROKER_URL": REDIS_URL,
        "KNEECAP_BROKER_NAMESPACE": namespace,
        "KNEECAP_BLOB_URL": s3_url,
        "KNEECAP_S3_ENDPOINT_URL": s3_server.endpoint_url,
        "KNEECAP_JOB_LEASE_S": str(LEASE_S),
        "KNEECAP_LOG_LEVEL": "WARNING",
    }
    app = build(
        Settings(
            data_dir=tmp_path / "app",
            database_url_override=fleet_db,
            broker_url=REDIS_URL,
            broker_namespace=namespace,
            run_jobs_in_app=False,
            blob_url=s3_url,
            s3_endpoint_url=s3_server.endpoint_url,
            job_lease_s=LEASE_S,
        ),
        migrate=False,
    )
    logs = [(tmp_path / f"worker{n}.log").open("w") for n in (1, 2)]
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "kneecap.cli", "worker"],
            env={**env, "KNEECAP_DATA_DIR": str(tmp_path / f"worker{n}")},
            stdout=subprocess.DEVNULL,
            stderr=logs[n - 1],
            start_new_session=True,
        )
        for n in (1, 2)
    ]
    engine = make_engine(fleet_db, pooled=False)
    killed_job: int | None = None
    seen_progress: set[str] = set()
    try:
        world = make_world(app)
        lmt = world.a.caller("lmt")
        clients = [c.id for c in world.a.clients]
        start = datetime(2026, 9, 1, 7, tzinfo=UTC)
        jobs = [
            app.training.imports.start(lmt, clients[n % len(clients)], [_upload(n, start)]).id
            for n in range(JOBS)
        ]
        victim = workers[0]
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            with engine.connect() as conn:
                rows = conn.execute(
                    select(JobRow.id, JobRow.status, JobRow.lease_owner, JobRow.message)
                ).all()
            seen_progress |= {r.status for r in rows}
            if killed_job is None:
                mine = [r.id for r in rows if r.status == "running" and r.lease_owner
                        and f":{victim.pid}:" in r.lease_owner]  # fmt: skip
                if mine:
                    os.kill(victim.pid, signal.SIGKILL)  # mid-job
                    victim.wait(10)
                    killed_job = mine[0]
            if all(r.status in ("done", "failed") for r in rows):
                break
            time.sleep(0.05)
        with engine.connect() as conn:
            final = {
                r.id: r
                for r in conn.execute(
                    select(JobRow.id, JobRow.status, JobRow.attempts, JobRow.error)
                ).all()
            }
            stored = conn.execute(select(func.count()).select_from(ActivityRow)).scalar_one()
            distinct = conn.execute(
                select(func.count(func.distinct(ActivityRow.start))).select_from(ActivityRow)
            ).scalar_one()
    finally:
        for w in workers:
            if w.poll() is None:
                os.killpg(w.pid, signal.SIGTERM)
                w.wait(30)
        for log in logs:
            log.close()
        engine.dispose()
        assert app.jobs.queue is not None
        app.jobs.queue.stop()
        app.close()
    said = "\n".join(p.read_text() for p in sorted(tmp_path.glob("worker*.log")))
    assert killed_job is not None, f"the first worker never ran a job: {said[-3000:]}"
    assert {final[j].status for j in jobs} == {"done"}, {j: final[j].error for j in jobs}
    assert final[killed_job].attempts == 2  # taken again after the kill, once
    assert all(final[j].attempts == 1 for j in jobs if j != killed_job)
    assert (stored, distinct) == (JOBS, JOBS)  # every run stored once, none twice
    assert "running" in seen_progress and "queued" in seen_progress
