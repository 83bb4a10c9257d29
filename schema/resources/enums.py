"""Enums of the resource wall; values match the stored values of `db.resources`."""

from __future__ import annotations

import enum

import strawberry


@strawberry.enum(description="What a resource or need is about 资源类别.")
class ResourceCategory(enum.Enum):
    PARTY_BUILDING = strawberry.enum_value("party_building", description="Party building 党建.")
    MASS_ORGANIZATION = strawberry.enum_value(
        "mass_organization", description="Mass organisations (unions, youth, women) 群团."
    )
    UNITED_FRONT = strawberry.enum_value("united_front", description="United front 统战.")
    CULTURE = strawberry.enum_value("culture", description="Culture and sports 文化.")
    COMMERCE = strawberry.enum_value("commerce", description="Commerce and services 商业.")
    EDUCATION = strawberry.enum_value("education", description="Education and training 教育.")
    HEALTH = strawberry.enum_value("health", description="Health care 医疗健康.")
    LEGAL = strawberry.enum_value("legal", description="Legal aid 法律服务.")
    ELDERLY = strawberry.enum_value("elderly", description="Care for the elderly 为老服务.")
    CHILDREN = strawberry.enum_value("children", description="Children and youth 青少年.")
    VENUE = strawberry.enum_value("venue", description="Venues and rooms 场地.")
    VOLUNTEERING = strawberry.enum_value("volunteering", description="Volunteers 志愿服务.")
    ENVIRONMENT = strawberry.enum_value("environment", description="Environment 环境.")
    EMPLOYMENT = strawberry.enum_value("employment", description="Jobs and skills 就业.")
    OTHER = strawberry.enum_value("other", description="Other 其他.")


@strawberry.enum(description="Whether a resource is on the wall 资源状态.")
class ResourceStatus(enum.Enum):
    OPEN = strawberry.enum_value("open", description="Offered 可对接.")
    WITHDRAWN = strawberry.enum_value("withdrawn", description="Taken off the wall 已下架.")


@strawberry.enum(description="Where a need stands 需求状态.")
class NeedStatus(enum.Enum):
    OPEN = strawberry.enum_value("open", description="On the wall, not yet taken on 待认领.")
    CLAIMED = strawberry.enum_value("claimed", description="An exchange is under way 已认领.")
    FULFILLED = strawberry.enum_value("fulfilled", description="Delivered 已满足.")
    WITHDRAWN = strawberry.enum_value("withdrawn", description="Taken off the wall 已撤回.")


@strawberry.enum(description="Where an exchange 对接 stands.")
class ExchangeStatus(enum.Enum):
    POSTED = strawberry.enum_value(
        "posted", description="A community asked for a resource; awaiting the unit 待响应."
    )
    CLAIMED = strawberry.enum_value("claimed", description="The unit took it on 已认领.")
    SCHEDULED = strawberry.enum_value("scheduled", description="A date is agreed 已排期.")
    DELIVERED = strawberry.enum_value("delivered", description="The unit delivered 已交付.")
    RATED_BY_COMMUNITY = strawberry.enum_value(
        "rated_by_community", description="The community rated; awaiting the unit 社区已评价."
    )
    RATED_BY_UNIT = strawberry.enum_value(
        "rated_by_unit", description="The unit rated; awaiting the community 单位已评价."
    )
    EVALUATED = strawberry.enum_value("evaluated", description="Both sides rated 已双向评价.")
    WITHDRAWN = strawberry.enum_value("withdrawn", description="Withdrawn or declined 已撤回.")


@strawberry.enum(description="A step of an exchange 对接操作.")
class ExchangeAction(enum.Enum):
    CLAIM = strawberry.enum_value("claim", description="A unit claims a need 认领.")
    REQUEST = strawberry.enum_value(
        "request", description="A community requests a resource 申请资源."
    )
    ACCEPT = strawberry.enum_value("accept", description="The unit accepts a request 接受.")
    SCHEDULE = strawberry.enum_value("schedule", description="Agree or change the date 排期.")
    DELIVER = strawberry.enum_value("deliver", description="The unit delivered 交付.")
    RATE = strawberry.enum_value("rate", description="One side rates the other 评价.")
    WITHDRAW = strawberry.enum_value("withdraw", description="Withdraw or decline 撤回.")


@strawberry.enum(description="A side of an exchange 对接方.")
class ExchangeSide(enum.Enum):
    UNIT = strawberry.enum_value("unit", description="The co-building unit 共建单位.")
    COMMUNITY = strawberry.enum_value("community", description="The community 社区.")
