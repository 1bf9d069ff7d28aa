"""Watch files written for the demo clinic's retraining runner (the demo has no real ones)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from kneecap.adapters.activities.fit.encode import run_file


def synthetic_run_fit(start: datetime, steps_per_min: Sequence[float]) -> bytes:
    """A FIT run from `start`, one record a second at each step rate."""
    return run_file(start, steps_per_min)
