"""Services on the fakes (tests.fakes.house): no database, no disk store, no queue, no model.

Building the real container here fails on purpose: a service unit test that needs a database
belongs in tests/integration or tests/web.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import kneecap.bootstrap.container
from tests.factories import World, make_world
from tests.fakes.house import FakeHouse, fake_house


@pytest.fixture(autouse=True)
def _no_database(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("service unit tests run on the fakes, without a database")

    monkeypatch.setattr(kneecap.bootstrap.container, "make_engine", refuse)
    yield


@pytest.fixture
def house(tmp_path: Path) -> FakeHouse:
    return fake_house(tmp_path / "scratch")


@pytest.fixture
def world(house: FakeHouse) -> World:
    return make_world(house)
