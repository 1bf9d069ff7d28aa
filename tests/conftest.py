"""Shared fixtures: a fixed clock, a fast password hasher, and a database per test on
SQLite and (for integration and web tests) PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kneecap.adapters.security.argon2_hasher import Argon2Hasher
from kneecap.bootstrap import Container, build
from kneecap.config import Settings
from tests.fakes.clock import FixedClock
from tests.support.databases import (
    drop_schema,
    one_database,
    postgres_schema_url,
    sqlite_template,
)

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture(scope="session")
def fast_hasher() -> Argon2Hasher:
    return Argon2Hasher(fast=True)


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sqlite_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def _postgres_url(worker_id: str) -> Iterator[str]:
    url, schema = postgres_schema_url(worker_id)
    yield url
    drop_schema(schema)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield one_database(request, tmp_path, request.param)


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        database_url_override=database_url,
        base_url="http://testserver",
    )


@pytest.fixture
def build_container(
    settings: Settings, clock: FixedClock, fast_hasher: Argon2Hasher
) -> Iterator[Callable[..., Container]]:
    """Containers on this test's database and clock, with more of build's options (an
    analyser, job kinds, no queue); each is closed after the test."""
    built: list[Container] = []

    def make(**options: Any) -> Container:
        built.append(build(settings, clock=clock, hasher=fast_hasher, migrate=False, **options))
        return built[-1]

    yield make
    for c in built:
        c.close()


@pytest.fixture
def container(build_container: Callable[..., Container]) -> Container:
    return build_container()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"../shared/data not found at {SHARED_DATA}: real data files are not available")
    return SHARED_DATA


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("KNEECAP_LOG_LEVEL", "WARNING")
