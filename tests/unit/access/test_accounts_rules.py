"""Password rules and client-record validation."""

from __future__ import annotations

from datetime import date

import pytest

from kneecap.domain.accounts.passwords import PasswordRejected, check_new_password
from kneecap.domain.clients.record import ClientDetails, InvalidClientRecord

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", r"at least 12 characters \(this one has 5\)"),
        (" " * 12, "only spaces"),
        ("me@clinic.test", "email address"),
        ("x" * 257, "at most 256"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password: str, message: str) -> None:
    with pytest.raises(PasswordRejected, match=message):
        check_new_password(password, "me@clinic.test")


def test_a_long_passphrase_is_fine() -> None:
    check_new_password("river stone kettle moon", "me@clinic.test")


def test_client_details_are_cleaned() -> None:
    clean = ClientDetails(
        name="  Maya   Okafor ", email=" Maya@Example.COM ", sports=("running", " ", "yoga ")
    ).validated(TODAY)
    assert clean.name == "Maya Okafor"
    assert clean.email == "maya@example.com"
    assert clean.sports == ("running", "yoga")


def test_each_bad_field_is_named() -> None:
    with pytest.raises(InvalidClientRecord) as caught:
        ClientDetails(
            name=" ", email="not-an-email", date_of_birth=date(2030, 1, 1), weekly_running_km=-3
        ).validated(TODAY)
    assert set(caught.value.errors) == {"name", "email", "date_of_birth", "weekly_running_km"}
    assert caught.value.errors["date_of_birth"] == "The date of birth is in the future."
