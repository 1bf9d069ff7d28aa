"""Two machines, one object store: the app on one data folder stores an upload, a worker on
another data folder (nothing shared but the database and the bucket) runs its import; nothing
lands in either folder, and the backup reads the blobs from the store."""

from __future__ import annotations

import tarfile
from collections.abc import Callable
from pathlib import Path

from kneecap.bootstrap import build
from kneecap.bootstrap.backup import make_backup
from kneecap.config import Settings
from kneecap.domain.jobs import JobStatus
from kneecap.services.training_import import Upload
from tests.conftest import SHARED_DATA
from tests.factories import make_world
from tests.fakes.clock import FixedClock
from tests.support.s3 import S3Server

GPX = SHARED_DATA / "activities" / "gpx_korita_zbevnica.gpx"


def _machine(folder: Path, database_url: str, s3_url: str, server: S3Server) -> Settings:
    return Settings(
        data_dir=folder,
        database_url_override=database_url,
        blob_url=s3_url,
        s3_endpoint_url=server.endpoint_url,
    )


def test_a_worker_on_another_data_folder_reads_the_stored_upload(
    tmp_path: Path,
    database_url: str,
    s3_server: S3Server,
    s3_url: str,
    fast_hasher: Callable[..., object],
) -> None:
    clock = FixedClock()
    app_side = build(
        _machine(tmp_path / "app", database_url, s3_url, s3_server),
        clock=clock,
        hasher=fast_hasher,  # type: ignore[arg-type]
        migrate=False,
        queue_jobs=False,
    )
    worker_side = build(
        _machine(tmp_path / "worker", database_url, s3_url, s3_server),
        clock=clock,
        migrate=False,
        queue_jobs=False,
    )
    try:
        world = make_world(app_side)
        lmt, client_id = world.a.caller("lmt"), world.a.clients[0].id
        before = app_side.training.activities(lmt, client_id, 10, 0)[1]
        with GPX.open("rb") as fh:
            job = app_side.training.imports.start(
                lmt, client_id, [Upload(GPX.name, fh, GPX.stat().st_size)]
            )
        done = worker_side.jobs.run(job.id)
        assert done is not None and done.status is JobStatus.DONE, done and done.error
        assert done.result["imported"] >= 1 and done.result["error_count"] == 0, done.result
        assert app_side.training.activities(lmt, client_id, 10, 0)[1] > before
        for side in ("app", "worker"):
            uploads = tmp_path / side / "uploads"
            assert not uploads.exists() or not any(uploads.rglob("*.*"))
        # The backup on the app's machine holds the blob, read from the store.
        summary = make_backup(app_side.settings, tmp_path / "backup.tar")
        with tarfile.open(summary.path) as tar:
            blobs = [m.name for m in tar.getmembers() if m.name.startswith("blobs/")]
        assert blobs == [f"blobs/{done.payload['files'][0]['key']}"]
    finally:
        app_side.close()
        worker_side.close()
