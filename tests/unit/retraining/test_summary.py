from __future__ import annotations

from datetime import date

import numpy as np

from kneecap.domain.load.pain import PainEntry
from kneecap.domain.retraining.adherence import CadenceTrace, from_average, from_trace
from kneecap.domain.retraining.summary import Score, summarise


def test_summary_before_after_pain_akps_and_follow_up_prompt() -> None:
    runs = [
        from_trace(CadenceTrace(np.arange(600.0), np.full(600, v)), 172) for v in (166, 171, 173)
    ] + [from_average(None, 172)]
    s = summarise(
        planned=8, runs=runs, watch_before=[164.0, 166.0], video_before_spm=163.0,
        video_after_spm=None,
        pain=[PainEntry(date(2026, 3, 9), 2), PainEntry(date(2026, 3, 2), 4, 3)],
        akps=[Score(date(2026, 3, 16), 82), Score(date(2026, 3, 1), 70)], ended=False,
    )  # fmt: skip
    assert (s.planned, s.done, s.measured) == (8, 4, 3)
    assert s.watch_before_spm == 165.0 and s.watch_after_spm == 172.0 and s.watch_change == 7.0
    assert s.pain_first and s.pain_first.during == 4 and s.pain_max_during == 4
    assert s.akps_first and s.akps_first.value == 70 and s.akps_last and s.akps_last.value == 82
    assert s.film_follow_up and s.video_change is None
