from datetime import date

import pytest

from kneecap.domain.outcomes.change import (
    ChangeReading,
    ScoredOutcome,
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
    assert mcid_for("koos_pf").value == 16.4  # Crossley 2018: minimal important change 16.4
    assert "Crossley" in mcid_for("koos_pf").source and "2018" in mcid_for("koos_pf").source
    # PSFS: Abbott & Schmitt 2014, medium change 2.3 (small 1.3, large 2.7)
    assert mcid_for("psfs").value == 2.3 and "Abbott" in mcid_for("psfs").source
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


def test_nprs_shows_the_30_percent_reading_beside_the_2_points() -> None:
    # Farrar 2001: about 2 points or about 30% less pain is clinically important.
    small = compare("nprs_usual", 2, 1)  # -1 point, but half the pain
    assert small.reading is ChangeReading.NO_MEANINGFUL_CHANGE
    assert small.relative_improvement == 0.5 and small.relative_improved is True
    assert small.improved
    assert small.text == (
        "no meaningful change (2-point MCID); 50% lower, reaches the 30% threshold"
    )
    exactly = compare("nprs_usual", 10, 7)  # 3 of 10 is exactly 30%
    assert exactly.relative_improved is True
    below = compare("nprs_usual", 8, 7)  # 12.5%
    assert below.relative_improved is False and not below.improved
    assert "below the 30% threshold" in below.text
    assert "Farrar" in mcid_for("nprs_usual").relative_source


def test_relative_reading_only_where_sourced_and_never_for_worsening() -> None:
    assert compare("akps", 50, 60).relative_improvement is None  # AKPS has no relative MCID
    assert compare("nprs_usual", 0, 0).relative_improvement is None  # no share of nothing
    worse = compare("nprs_usual", 4, 6)
    assert worse.reading is ChangeReading.WORSE and worse.text == "worse beyond the MCID"
