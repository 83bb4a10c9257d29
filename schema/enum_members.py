"""Schema enum members for the database's, by value, looked up once per value.

A `from_row` names each enum column's schema member; `Gender(row.gender.value)` costs the
enum's constructor and a property read (three Python calls) per value, on every row of every
page. The schema enums mirror the database's value for value, so the pairs are worked out
once at import and each row's value is one dict lookup.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import TypeVar

E = TypeVar("E", bound=Enum)


def by_value(source: type[Enum], target: type[E]) -> Mapping[Enum, E]:
    """Each member of `source` to the member of `target` with its value."""
    return {member: target(member.value) for member in source}
