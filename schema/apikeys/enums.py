"""What a key may be granted: read permissions, and the kinds of events it may receive.
Values are resolvers/access.py `Permission` and db/events/types.py `EntityType` values;
tests/test_apikeys_schema.py checks they stay the grantable ones."""

from __future__ import annotations

import enum

import strawberry


@strawberry.enum(
    description="A permission an API key may hold on its scope 密钥权限 (keys only read; "
    "personal data and writing stay with people and devices)."
)
class ApiKeyPermission(enum.Enum):
    READ_ORGANIZATIONS = strawberry.enum_value(
        "read_organizations", description="The organisation tree 组织架构."
    )
    READ_STATISTICS = strawberry.enum_value(
        "read_statistics", description="Aggregates: statistics, portraits, tallies 统计数据."
    )
    READ_MEMBERS = strawberry.enum_value(
        "read_members", description="Party members, their personal data masked 党员(脱敏)."
    )
    READ_PETITIONS = strawberry.enum_value(
        "read_petitions", description="Petitions, contact details masked 群众诉求."
    )
    READ_STATIONS = strawberry.enum_value(
        "read_stations", description="Service stations and their live status 党群服务站."
    )
    READ_ACTIVITIES = strawberry.enum_value(
        "read_activities", description="Co-building activities 共建活动."
    )
    READ_VOLUNTEERS = strawberry.enum_value(
        "read_volunteers", description="Volunteers and their hours 志愿者."
    )
    READ_UNITS = strawberry.enum_value("read_units", description="Co-building units 共建单位.")
    READ_NEEDS = strawberry.enum_value(
        "read_needs", description="The resource wall's needs and exchanges 需求与对接."
    )
    READ_MEETINGS = strawberry.enum_value(
        "read_meetings", description="Organisational life: meetings 组织生活."
    )
    READ_DUES = strawberry.enum_value("read_dues", description="Dues and collection figures 党费.")


@strawberry.enum(
    description="What events are about 事件对象: a key limited to some receives only those "
    "(each also needs its read permission)."
)
class EventEntity(enum.Enum):
    ORGANIZATION = strawberry.enum_value(
        "organization", description="Organisations 组织 (needs READ_ORGANIZATIONS)."
    )
    MEMBER = strawberry.enum_value("member", description="Members 党员 (needs READ_MEMBERS).")
    PETITION = strawberry.enum_value(
        "petition",
        description="Petitions 诉求 (needs READ_PETITIONS; READ_STATISTICS receives their "
        "de-identified payload alone 脱敏).",
    )
    STATION = strawberry.enum_value("station", description="Stations 服务站 (needs READ_STATIONS).")
    ACTIVITY = strawberry.enum_value(
        "activity", description="Activities 活动 (needs READ_ACTIVITIES)."
    )
    NEED = strawberry.enum_value("need", description="Needs 需求 (needs READ_NEEDS).")
    EXCHANGE = strawberry.enum_value("exchange", description="Exchanges 对接 (needs READ_NEEDS).")
    MEETING = strawberry.enum_value("meeting", description="Meetings 会议 (needs READ_MEETINGS).")
    DUES = strawberry.enum_value("dues", description="Dues 党费 (needs READ_DUES).")
