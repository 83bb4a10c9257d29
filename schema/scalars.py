"""The DateTime scalar parsed by the standard library first.

Strawberry parses DateTime with dateutil's isoparse, which costs a gateway's batch of readings
a visible share of its CPU; datetime.fromisoformat (C) reads every ISO 8601 form clients send
and Strawberry's own parser is only asked when it refuses, so what was accepted before still is.
"""

from __future__ import annotations

from datetime import datetime

from strawberry.schema.types.base_scalars import DateTimeDefinition
from strawberry.types.scalar import ScalarDefinition


def parse_datetime(value: object) -> object:
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    parse = DateTimeDefinition.parse_value
    assert parse is not None  # Strawberry's DateTime always has its parser
    return parse(value)


DATETIME = ScalarDefinition(  # Strawberry's DateTime with parse_datetime
    name=DateTimeDefinition.name,
    description=DateTimeDefinition.description,
    specified_by_url=DateTimeDefinition.specified_by_url,
    serialize=DateTimeDefinition.serialize,
    parse_value=parse_datetime,
    parse_literal=None,
    origin=datetime,
)
SCALAR_OVERRIDES: dict[object, ScalarDefinition] = {datetime: DATETIME}
