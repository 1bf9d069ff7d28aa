"""Backup -> restore on SQLite and PostgreSQL: every row of every table and every stored file
comes back identical; a used target is refused unless told; a damaged file changes nothing.
The source is the demo clinic (every area's rows, a video and its analysis outputs)."""

from __future__ import annotations

import hashlib
import io
import tarfile
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from kneecap.adapters.db.engine import make_engine
from kneecap.adapters.db.snapshot import row_counts, table_digests
from kneecap.bootstrap import Container
from kneecap.bootstrap.backup import BackupError, make_backup, restore
from kneecap.bootstrap.blobs import blob_store
from kneecap.cli.main import app
from kneecap.config import Settings
from tests.support.databases import postgres_base_url
from tests.web.hardening.conftest import Demo


def _files(settings: Settings) -> dict[str, str]:
    store = blob_store(settings)
    return {k: hashlib.sha256(store.get(k)).hexdigest() for k in store.stored_keys()}


def _digests(settings: Settings) -> dict[str, str]:
    engine = make_engine(settings.database_url, pooled=False)
    try:
        return table_digests(engine)
    finally:
        engine.dispose()


@pytest.fixture
def target(settings: Settings, tmp_path: Path) -> Iterator[Settings]:
    """An empty data folder and an empty database of the same kind as the source."""
    data = tmp_path / "restored"
    if settings.database_url.startswith("sqlite"):
        yield Settings(data_dir=data)
        return
    schema = f"kneecap_restore_{uuid.uuid4().hex[:8]}"
    admin = create_engine(postgres_base_url())
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(postgres_base_url()).update_query_dict({"options": f"-csearch_path={schema}"})
    yield Settings(data_dir=data, database_url_override=url.render_as_string(hide_password=False))
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def test_backup_and_restore_give_back_every_row_and_file(
    container: Container, demo: Demo, settings: Settings, target: Settings, tmp_path: Path
) -> None:
    rows, files = _digests(settings), _files(settings)
    assert len(files) >= 3  # the demo video and its analysis outputs
    made = make_backup(settings, tmp_path / "clinic.tar")
    engine = make_engine(settings.database_url, pooled=False)
    total = sum(row_counts(engine).values())
    engine.dispose()
    assert made.rows == total and made.files == len(files)

    restored = restore(target, made.path)
    assert restored.rows == total and restored.files == len(files)
    assert _digests(target) == rows
    assert _files(target) == files
    print(f"\nround trip: {total} rows in {len(rows)} tables, {len(files)} files identical")

    with pytest.raises(BackupError, match="already holds data"):
        restore(target, made.path)
    again = restore(target, made.path, replace=True)
    assert again.rows == total and _digests(target) == rows


def test_a_damaged_backup_is_refused_before_anything_changes(
    container: Container, demo: Demo, settings: Settings, target: Settings, tmp_path: Path
) -> None:
    made = make_backup(settings, tmp_path / "clinic.tar")
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(made.path) as src, tarfile.open(damaged, "w") as out:
        for member in src.getmembers():
            data = src.extractfile(member)
            assert data is not None
            body = data.read()
            if member.name.startswith("blobs/"):
                body = body[:-1] + bytes([body[-1] ^ 1])  # one bit flipped in one upload
            out.addfile(member, io.BytesIO(body))
    with pytest.raises(BackupError, match="does not match its checksum"):
        restore(target, damaged)
    engine = make_engine(target.database_url, pooled=False)
    assert not any(row_counts(engine).values())
    engine.dispose()
    assert _files(target) == {}


def test_the_commands(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, container: Container
) -> None:
    if not settings.database_url.startswith("sqlite"):
        pytest.skip("the command line is the same on both; the round trip above covers both")
    container.accounts.create_clinic("Command Clinic")
    monkeypatch.setenv("KNEECAP_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("KNEECAP_DATABASE_URL", settings.database_url)
    out = tmp_path / "b.tar"
    made = CliRunner().invoke(app, ["backup", str(out)])
    assert made.exit_code == 0, made.output
    assert "Backed up" in made.output and out.is_file()
    refused = CliRunner().invoke(app, ["restore", str(out)])
    assert refused.exit_code == 1 and "--replace" in refused.output
    monkeypatch.setenv("KNEECAP_DATA_DIR", str(tmp_path / "fresh"))
    monkeypatch.delenv("KNEECAP_DATABASE_URL")
    done = CliRunner().invoke(app, ["restore", str(out)])
    assert done.exit_code == 0, done.output
    fresh = replace(settings, data_dir=tmp_path / "fresh", database_url_override=None)
    assert _digests(fresh) == _digests(settings)
