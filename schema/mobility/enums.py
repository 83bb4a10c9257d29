"""Enums of members elsewhere; values match the stored values of `db.mobility`."""

from __future__ import annotations

import enum

import strawberry


@strawberry.enum(description="A step of a mobile member's record 流动党员.")
class MobilityAction(enum.Enum):
    MARKED = strawberry.enum_value("marked", description="Marked a mobile member 列为流动党员.")
    MOVED = strawberry.enum_value("moved", description="Whereabouts changed 去向变更.")
    CLEARED = strawberry.enum_value("cleared", description="Back, no longer mobile 返回.")


@strawberry.enum(description="A step of a registration with a community 双报到.")
class RegistrationAction(enum.Enum):
    REGISTERED = strawberry.enum_value("registered", description="Registered 报到.")
    ENDED = strawberry.enum_value("ended", description="Registration ended 结束报到.")
