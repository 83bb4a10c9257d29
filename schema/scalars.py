"""The Date and DateTime scalars: parsed by the standard library first, and kept to years a
person or a petition can have. Every scalar Strawberry provides also gets its Chinese term,
as every description in the schema does.

Strawberry parses DateTime with dateutil's isoparse, which costs a gateway's batch of readings
a visible share of its CPU; datetime.fromisoformat (C) reads every ISO 8601 form clients send
and Strawberry's own parser is only asked when it refuses, so what was accepted before still is.

A date far from now (`0001-01-01`, `9999-12-31`) is no one's birth date, petition or reading,
and date arithmetic on it overflows; both scalars refuse anything outside EARLIEST..LATEST
while parsing, so no resolver sees one (BAD_USER_INPUT, like any value of the wrong type).
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable
from datetime import date, datetime, time
from typing import TypeVar

from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.scalars import JSON
from strawberry.schema.types.base_scalars import DateDefinition, DateTimeDefinition
from strawberry.schema.types.scalar import DEFAULT_SCALAR_REGISTRY
from strawberry.types.scalar import ScalarDefinition

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)
Day = TypeVar("Day", bound=date)
RANGE = f"between {EARLIEST.isoformat()} and {LATEST.isoformat()}"


def _in_range(value: Day, type_name: str) -> Day:
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise StrawberryInputCoercionError(
            f'Value cannot represent a {type_name}: "{value.isoformat()}" is not {RANGE}.'
        )
    return value


def parse_datetime(value: object) -> object:
    parsed: object = None
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            parsed = datetime.fromisoformat(value)
    if parsed is None:
        parse = DateTimeDefinition.parse_value
        assert parse is not None  # Strawberry's DateTime always has its parser
        parsed = parse(value)
    assert isinstance(parsed, datetime)
    return _in_range(parsed, "DateTime")


def parse_date(value: object) -> object:
    parse = DateDefinition.parse_value
    assert parse is not None  # Strawberry's Date always has its parser
    parsed = parse(value)
    assert isinstance(parsed, date)
    return _in_range(parsed, "Date")


def _ranged(
    definition: ScalarDefinition, parse: Callable[[object], object], origin: type, term: str
) -> ScalarDefinition:
    """Strawberry's scalar with `parse`, its description naming the range."""
    return ScalarDefinition(
        name=definition.name,
        description=f"{term} {definition.description}, {RANGE}",
        specified_by_url=definition.specified_by_url,
        serialize=definition.serialize,
        parse_value=parse,
        parse_literal=None,
        origin=origin,
    )


def _termed(annotation: object, term: str) -> ScalarDefinition:
    """Strawberry's scalar for `annotation`, its description led by the Chinese term."""
    definition = DEFAULT_SCALAR_REGISTRY[annotation]
    return dataclasses.replace(definition, description=f"{term} {definition.description}")


DATETIME = _ranged(DateTimeDefinition, parse_datetime, datetime, "日期时间")
DATE = _ranged(DateDefinition, parse_date, date, "日期")
SCALAR_OVERRIDES: dict[object, ScalarDefinition] = {
    datetime: DATETIME,
    date: DATE,
    time: _termed(time, "时间"),
    JSON: _termed(JSON, "JSON数据"),
}
