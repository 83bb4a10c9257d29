"""Enums of the organisation tree; values match the stored values of `db.organizations`."""

from __future__ import annotations

import enum

import strawberry


@strawberry.enum(description="Governance level in the five-level platform system 五级平台.")
class GovernanceLevel(enum.Enum):
    CITY = strawberry.enum_value("city", description="City 市.")
    DISTRICT = strawberry.enum_value("district", description="District 区.")
    STREET = strawberry.enum_value("street", description="Street or town 街镇.")
    COMMUNITY = strawberry.enum_value("community", description="Community 社区.")
    GRID = strawberry.enum_value("grid", description="Grid 网格, the smallest governance cell.")


@strawberry.enum(description="Kind of party organisation 党组织类型.")
class PartyOrgKind(enum.Enum):
    COMMITTEE = strawberry.enum_value("committee", description="Party committee 党委.")
    WORKING_COMMITTEE = strawberry.enum_value(
        "working_committee", description="Working committee 党工委 (streets)."
    )
    GENERAL_BRANCH = strawberry.enum_value("general_branch", description="General branch 党总支.")
    BRANCH = strawberry.enum_value("branch", description="Branch 党支部; members belong here.")
    PARTY_GROUP = strawberry.enum_value("party_group", description="Party group 党小组.")


@strawberry.enum(description="Sector of an organisation: regional governance or 两新组织.")
class Sector(enum.Enum):
    GOVERNANCE = strawberry.enum_value("governance", description="Regional governance 区域党建.")
    NON_PUBLIC_ENTERPRISE = strawberry.enum_value(
        "non_public_enterprise", description="Non-public enterprise 非公企业."
    )
    SOCIAL_ORGANIZATION = strawberry.enum_value(
        "social_organization", description="Social organisation 社会组织."
    )
