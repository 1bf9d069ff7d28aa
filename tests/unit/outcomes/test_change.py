from datetime import date

import pytest

from kneecap.domain.outcomes.change import (
    ChangeReading,
    ScoredOutcome,
    change_since_baseline,
    compare,
)
from kneecap.domain.outcomes.chart import outcome_chart_series
from kneecap.domain.outcomes.errors import UnknownInstrumentError
from kneecap.domain.outcomes.mcid import Mcid, mcid_for


def test_mcid_values_and_sources_from_clinical_md() -> None:
    assert mcid_for("akps").value == 10
    assert "Crossley" in mcid_for("akps").source
    assert mcid_for("nprs_usual").value == 2
    assert mcid_for("nprs_usual").higher_is_better is False
    assert mcid_for("koos_pf").value == 16
    with pytest.raises(UnknownInstrumentError, match="'vas'"):
        mcid_for("vas")


@pytest.mark.parametrize(
    ("instrument", "baseline", "latest", "reading"),
    [
        ("akps", 60, 70, ChangeReading.IMPROVED),  # +10 reaches the MCID of 10
        ("akps", 60, 69, ChangeReading.NO_MEANINGFUL_CHANGE),
        ("akps", 70, 60, ChangeReading.WORSE),
        ("nprs_usual", 6, 4, ChangeReading.IMPROVED),  # pain down 2 = better
        ("nprs_usual", 4, 6, ChangeReading.WORSE),  # pain up 2 = worse
        ("nprs_usual", 5, 4, ChangeReading.NO_MEANINGFUL_CHANGE),
    ],
)
def test_reading_minds_direction(
    instrument: str, baseline: float, latest: float, reading: ChangeReading
) -> None:
    change = compare(instrument, baseline, latest)
    assert change.reading is reading
    assert change.delta == latest - baseline


def test_plain_text() -> None:
    assert compare("akps", 50, 75).text == "improved beyond the MCID"
    assert compare("nprs_usual", 2, 7).text == "worse beyond the MCID"


def test_change_since_baseline_uses_first_and_last_by_date() -> None:
    results = [
        ScoredOutcome("akps", date(2025, 3, 1), 80),
        ScoredOutcome("akps", date(2025, 1, 1), 55),
        ScoredOutcome("akps", date(2025, 2, 1), 62),
    ]
    change = change_since_baseline(results)
    assert change is not None
    assert (change.baseline, change.latest, change.improvement) == (55, 80, 25)
    assert change.baseline_on == date(2025, 1, 1)
    assert change_since_baseline(results[:1]) is None


def test_custom_mcid_overrides_the_table() -> None:
    strict = Mcid("akps", 15, True, "clinic setting")
    assert compare("akps", 60, 72, mcid=strict).reading is ChangeReading.NO_MEANINGFUL_CHANGE


def test_chart_series_for_pain_draws_the_line_below_baseline() -> None:
    results = [
        ScoredOutcome("nprs_usual", date(2025, 1, 22), 4),
        ScoredOutcome("nprs_usual", date(2025, 1, 1), 6),
    ]
    series = outcome_chart_series(results, scale_min=0, scale_max=10)
    assert series.dates == (date(2025, 1, 1), date(2025, 1, 22))
    assert series.scores == (6, 4)
    assert series.baseline == 6
    assert series.improvement_line == 4
    assert (series.band_low, series.band_high) == (4, 8)


def test_chart_series_clips_to_the_scale() -> None:
    series = outcome_chart_series(
        [ScoredOutcome("akps", date(2025, 1, 1), 95)], scale_min=0, scale_max=100
    )
    assert series.improvement_line == 100
    assert series.band_high == 100
    assert series.band_low == 85
