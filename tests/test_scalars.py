"""DateTime parsing: the standard library first, Strawberry's parser for what it refuses."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from strawberry.exceptions import StrawberryInputCoercionError

from schema.scalars import parse_date, parse_datetime

EAST_8 = timezone(timedelta(hours=8))


def test_an_iso_timestamp_with_offset_is_read_with_its_offset() -> None:
    # Given a device's timestamp with an offset
    text = "2026-11-23T10:15:30.250+08:00"
    # When it is parsed
    parsed = parse_datetime(text)
    # Then it keeps its offset and its fraction
    assert parsed == datetime(2026, 11, 23, 10, 15, 30, 250000, tzinfo=EAST_8)


def test_a_z_suffix_means_utc() -> None:
    assert parse_datetime("2026-11-23T02:15:30Z") == datetime(2026, 11, 23, 2, 15, 30, tzinfo=UTC)


def test_a_form_only_dateutil_reads_is_still_accepted() -> None:
    # Given midnight written as 24:00, which datetime.fromisoformat refuses
    text = "2026-11-23T24:00:00Z"
    # When it is parsed
    parsed = parse_datetime(text)
    # Then it is the next day's midnight, as before
    assert parsed == datetime(2026, 11, 24, tzinfo=UTC)


def test_a_non_timestamp_is_a_coercion_error() -> None:
    with pytest.raises(StrawberryInputCoercionError, match="DateTime"):
        parse_datetime("yesterday")


def test_a_number_is_a_coercion_error() -> None:
    with pytest.raises(StrawberryInputCoercionError, match="Expected a string"):
        parse_datetime(1_700_000_000)


@pytest.mark.parametrize("text", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
def test_a_date_outside_the_sane_range_is_a_coercion_error(text: str) -> None:
    with pytest.raises(StrawberryInputCoercionError, match="between 1900-01-01 and 2100-12-31"):
        parse_date(text)


def test_a_timestamp_outside_the_sane_range_is_a_coercion_error() -> None:
    with pytest.raises(StrawberryInputCoercionError, match="between"):
        parse_datetime("9999-12-31T23:59:59Z")


def test_a_date_in_range_is_read() -> None:
    assert parse_date("1900-01-01") == date(1900, 1, 1)
    assert parse_date("2100-12-31") == date(2100, 12, 31)
