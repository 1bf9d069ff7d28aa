"""`kneecap blobs sweep` from a shell: lists, then removes, an old file no record names."""

from __future__ import annotations

import os
import time

from typer.testing import CliRunner

from kneecap.bootstrap import Container
from kneecap.cli.main import app
from kneecap.config import Settings

runner = CliRunner()


def test_the_sweep_lists_then_removes_an_old_orphan(
    settings: Settings, container: Container
) -> None:
    env = {
        "KNEECAP_DATA_DIR": str(settings.data_dir),
        "KNEECAP_DATABASE_URL": settings.database_url,
    }
    orphan = settings.uploads_dir / "load" / "1" / "2" / "0123456789abcdef"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"an upload whose import never committed")
    dry = runner.invoke(app, ["blobs", "sweep", "--dry-run"], env=env)
    assert dry.exit_code == 0 and "0 orphans found, 1 younger than 24 h kept" in dry.output
    old = time.time() - 25 * 3600
    os.utime(orphan, (old, old))
    listed = runner.invoke(app, ["blobs", "sweep", "--dry-run"], env=env)
    assert "would remove load/1/2/0123456789abcdef" in listed.output and orphan.exists()
    done = runner.invoke(app, ["blobs", "sweep"], env=env)
    assert done.exit_code == 0 and "1 orphans removed" in done.output and not orphan.exists()
    refused = runner.invoke(app, ["blobs", "sweep", "--hours", "0"], env=env)
    assert refused.exit_code != 0
