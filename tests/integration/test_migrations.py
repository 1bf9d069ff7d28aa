"""The migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from kneecap.adapters.db.engine import make_engine
from kneecap.adapters.db.migrate import drift, upgrade
from tests.support.databases import at_head


def test_migrated_schema_matches_the_models(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        assert at_head(engine)
        assert drift(engine) == []
        upgrade(engine)  # running it again changes nothing
        assert at_head(engine)
    finally:
        engine.dispose()
