"""Enums of accounts; values match the stored values of `db.accounts`."""

from __future__ import annotations

import enum

import strawberry


@strawberry.enum(description="角色 Role held on an organisation, granting rights on its subtree.")
class Role(enum.Enum):
    ADMINISTRATOR = strawberry.enum_value("administrator", description="Administrator 管理员.")
    SECRETARY = strawberry.enum_value("secretary", description="Party secretary 书记.")
    GRID_WORKER = strawberry.enum_value("grid_worker", description="Grid worker 网格员.")
    STATION_STAFF = strawberry.enum_value(
        "station_staff", description="Service-station staff 党群服务站工作人员."
    )
    RESIDENT = strawberry.enum_value("resident", description="Resident 居民.")
    PARTNER = strawberry.enum_value(
        "partner", description="Partner platform: read-only, no personal data 合作方."
    )
    UNIT = strawberry.enum_value(
        "unit",
        description="Co-building unit 共建单位: its own resources and activities, and the needs "
        "of the communities it serves (one binding per community under an agreement in force).",
    )
    MEMBER = strawberry.enum_value(
        "member",
        description="Party member 党员 signed in as themself, bound to their branch: their own "
        "record, meetings, dues and reminders, and nothing of other members (see "
        "`Viewer.member`).",
    )
    DEPARTMENT = strawberry.enum_value(
        "department",
        description="Functional department 职能部门 (条) staff: the petitions dispatched 派单 to "
        "their department, to accept or return, handle and report back; nothing else.",
    )
