from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared" / "data"
DATA = SHARED / "activities"
MORE = SHARED / "activities-more"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    if not DATA.is_dir():
        pytest.skip(f"real activity files not found at {DATA} (../shared/data/activities)")
    return DATA


@pytest.fixture(scope="session")
def more_dir() -> Path:
    if not MORE.is_dir():
        pytest.skip(f"real activity files not found at {MORE} (../shared/data/activities-more)")
    return MORE
