"""Enum columns stored as their string values (portable, readable in SQL)."""

from __future__ import annotations

import enum

from sqlalchemy import Enum


def string_enum(kind: type[enum.StrEnum], name: str) -> Enum:
    return Enum(
        kind,
        name=name,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [member.value for member in members],
    )
