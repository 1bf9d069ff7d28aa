"""HTTP Range parsing for video seeking (RFC 9110 §14.1.2 examples)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kneecap.web.ranges import parse_range


def test_rfc_9110_examples_on_a_10000_byte_file() -> None:
    assert parse_range("bytes=0-499", 10000) == (0, 499)
    assert parse_range("bytes=500-999", 10000) == (500, 999)
    assert parse_range("bytes=-500", 10000) == (9500, 9999)
    assert parse_range("bytes=9500-", 10000) == (9500, 9999)
    assert parse_range(None, 10000) is None
    assert parse_range("bytes=0-0,-1", 10000) is None  # several ranges: whole file instead


@pytest.mark.parametrize("header", ["bytes=10000-", "bytes=5-1", "bytes=-0"])
def test_unsatisfiable_ranges_raise(header: str) -> None:
    with pytest.raises(ValueError):
        parse_range(header, 10000)


@given(st.integers(1, 10**9), st.text(max_size=30))
def test_any_header_gives_a_range_inside_the_file_or_an_error(size: int, header: str) -> None:
    try:
        got = parse_range(header, size)
    except ValueError:
        return
    if got is not None:
        assert 0 <= got[0] <= got[1] < size
