"""A dose reads as English: "1 session per day", "2 sessions per day"."""

from __future__ import annotations

from kneecap.domain.care.modalities import Modality, ModalityPrescription, dose_unit


def test_one_of_a_unit_is_singular_and_more_stay_plural() -> None:
    assert dose_unit("sessions per day", 1) == "session per day"
    assert dose_unit("sessions per day", 2) == "sessions per day"
    assert dose_unit("minutes per session", 1.5) == "minutes per session"
    assert dose_unit("% reduction of the aggravating activity", 1) == (
        "% reduction of the aggravating activity"
    )
    once = ModalityPrescription(Modality.STRENGTHENING, "knee", 1, 3, 6)
    assert "1 session per day" in once.describe() and "sessions" not in once.describe()
