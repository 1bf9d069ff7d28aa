from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "activities"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    if not DATA.is_dir():
        pytest.skip(f"real activity files not found at {DATA} (../shared/data/activities)")
    return DATA
