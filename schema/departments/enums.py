"""Department enums; values match the stored values of `db.departments`."""

from __future__ import annotations

import enum

import strawberry


@strawberry.enum(description="What a functional department 职能部门 does 部门类别.")
class DepartmentKind(enum.Enum):
    CITY_MANAGEMENT = strawberry.enum_value(
        "city_management", description="City management 城管 (城管局, 城管中队)."
    )
    HOUSING = strawberry.enum_value("housing", description="Housing administration 房管.")
    CONSTRUCTION = strawberry.enum_value(
        "construction", description="Housing and construction 住建."
    )
    POLICE = strawberry.enum_value("police", description="Police station 公安派出所.")
    MARKET_REGULATION = strawberry.enum_value(
        "market_regulation", description="Market regulation 市场监管."
    )
    ENVIRONMENT = strawberry.enum_value("environment", description="Environmental protection 环保.")
    WATER = strawberry.enum_value("water", description="Water supply and affairs 水务.")
    POWER = strawberry.enum_value("power", description="Power supply 供电.")
    GAS = strawberry.enum_value("gas", description="Gas supply 燃气.")
    OTHER = strawberry.enum_value("other", description="Any other department 其他.")


@strawberry.enum(
    description="Where one department's share of a dispatched petition stands 派单状态."
)
class DispatchStatus(enum.Enum):
    DISPATCHED = strawberry.enum_value(
        "dispatched",
        description="Dispatched 已派单, waiting for the department to accept or return it.",
    )
    ACCEPTED = strawberry.enum_value("accepted", description="Accepted 已接单: being handled.")
    RETURNED = strawberry.enum_value(
        "returned", description="Returned 已退单 to the dispatcher, with a reason."
    )
    CONTRIBUTED = strawberry.enum_value(
        "contributed", description="A co-handler 协办部门 added its part 已反馈协办意见."
    )
    REPORTED = strawberry.enum_value(
        "reported",
        description="The lead 主办部门 reported back 已反馈 for all; awaiting the dispatcher's "
        "confirmation.",
    )
    CONFIRMED = strawberry.enum_value(
        "confirmed", description="The dispatcher confirmed 已确认 it: the petition is resolved."
    )
    WITHDRAWN = strawberry.enum_value(
        "withdrawn",
        description="Withdrawn 已撤回: the dispatcher withdrew it (withdrawDispatch), the lead "
        "returned the petition, or it was confirmed without this co-handler's part.",
    )
