from datetime import date

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kneecap.domain.load import rules as R
from kneecap.domain.load.ewma import Decay, decay, ewma
from kneecap.domain.load.guardrails import spike_band, weekly_ramp_alerts
from kneecap.domain.load.monotony import rolling_monotony
from kneecap.domain.load.pain import PainEntry, PainZone, needs_step_back, pain_zone
from kneecap.domain.load.trimp import HeartRateProfile, Sex, session_rpe_load, trimp_from_average


def test_frandsen_bands_from_worked_numbers() -> None:
    band = spike_band(10_000, 11_500)  # 10 km longest, 11.5 km run: +15%
    assert band is not None and band.rate_ratio == 1.64
    plus_50, plus_110 = spike_band(10_000, 15_000), spike_band(10_000, 21_000)
    assert plus_50 is not None and plus_50.rate_ratio == 1.52  # +50%
    assert plus_110 is not None and plus_110.rate_ratio == 2.28  # +110%
    assert spike_band(10_000, 11_000) is None  # exactly +10% is not a spike
    assert spike_band(0, 5_000) is None


def test_weekly_ramp_nielsen_damsted_and_ten_percent() -> None:
    ids = [a.rule_id for a in weekly_ramp_alerts(date(2024, 1, 1), np.array([20e3, 27e3]))]
    assert ids == [R.WEEKLY_RAMP.id]  # +35%
    ids = [a.rule_id for a in weekly_ramp_alerts(date(2024, 1, 1), np.array([20e3, 25e3]))]
    assert ids == [R.EARLY_BUILD_RAMP.id]  # +25% in week 1 of a build
    alerts = weekly_ramp_alerts(date(2024, 1, 1), np.array([20e3, 23e3]))
    assert [a.rule_id for a in alerts] == [R.TEN_PERCENT_RULE.id]
    assert alerts[0].severity is R.Severity.INFO and "not supported" in alerts[0].evidence


def test_decay_conventions() -> None:
    assert decay(7, Decay.RUNALYZE) == pytest.approx(0.25)
    assert decay(7, Decay.TRAININGPEAKS) == pytest.approx(1 / 7)
    assert decay(7, Decay.GOLDENCHEETAH) == pytest.approx(1 - np.exp(-1 / 7))


@given(st.lists(st.floats(0, 500), min_size=1, max_size=700), st.sampled_from(list(Decay)))
def test_ewma_matches_recurrence(loads: list[float], conv: Decay) -> None:
    lam, x, ref = decay(28, conv), 0.0, []
    for v in loads:
        x += lam * (v - x)
        ref.append(x)
    assert np.allclose(ewma(np.array(loads), 28, conv), ref, rtol=1e-9, atol=1e-9)


def test_monotony_hand_worked_week() -> None:
    # six days of 300 AU and one rest day: mean 257.14, population SD 104.97 -> 2.45
    mono, strain = rolling_monotony(np.array([300.0] * 6 + [0.0]))
    assert mono[-1] == pytest.approx(2.449, abs=1e-3)
    assert strain[-1] == pytest.approx(1800 * 2.449, rel=1e-3)
    assert np.isnan(rolling_monotony(np.full(7, 100.0))[0][-1])  # no variation: undefined


def test_trimp_banister_and_srpe() -> None:
    p = HeartRateProfile(hr_rest=60, hr_max=200, sex=Sex.MALE)
    # 30 min at HR 130: HRr 0.5 -> 30 * 0.5 * 0.64 * e^(0.96) = 25.07
    assert trimp_from_average(30, 130, p) == pytest.approx(30 * 0.5 * 0.64 * np.exp(0.96))
    f = HeartRateProfile(60, 200, Sex.FEMALE)
    assert trimp_from_average(30, 130, f) == pytest.approx(30 * 0.5 * 0.86 * np.exp(0.835))
    assert session_rpe_load(45, 6) == 270  # Foster 2001: RPE × minutes


def test_pain_model_zones() -> None:
    assert pain_zone(2) is PainZone.SAFE
    assert pain_zone(5) is PainZone.ACCEPTABLE
    assert pain_zone(6) is PainZone.TOO_MUCH
    assert needs_step_back(PainEntry(date(2024, 1, 1), 3, next_morning=4, baseline_morning=2))
    assert not needs_step_back(PainEntry(date(2024, 1, 1), 4, next_morning=2, baseline_morning=2))
    with pytest.raises(ValueError):
        pain_zone(11)
