"""Volunteer types: the volunteer, ledger entries, subtree totals and rankings."""

from __future__ import annotations

import enum
from collections.abc import Awaitable
from datetime import date, datetime
from typing import Annotated

import strawberry

from db.records import record_of
from db.volunteers import models as rows
from db.volunteers.queries import HoursEntryRecord, VolunteerRecord
from resolvers.pagination import page_request
from resolvers.volunteers.reads import resolve_entries, resolve_volunteer_minutes
from schema.enum_members import by_value
from schema.info import Info
from schema.organizations.types import Organization, organization_answer
from schema.plain_fields import direct
from schema.relay import Connection, Node, build_connection, page_argument, to_global_id

TYPE_NAME = "Volunteer"
ENTRY = "VolunteerHoursEntry"
SINCE = strawberry.argument(description="From this day on (China time) 起始日期; default: ever.")
UNTIL = strawberry.argument(description="Up to this day 截止日期; default: today.")


@strawberry.enum(description="What a ledger entry records 时长记录类型.")
class HoursEntryKind(enum.Enum):
    ATTENDANCE = strawberry.enum_value(
        "attendance", description="Credited on check-out of an activity 活动签退."
    )
    CORRECTION = strawberry.enum_value("correction", description="Added by staff 人工补录.")
    REVERSAL = strawberry.enum_value("reversal", description="Cancels an earlier entry 冲正.")


_KIND = by_value(rows.EntryKind, HoursEntryKind)


@strawberry.type(description="One entry of the hours ledger 志愿时长记录 (never changed).")
class VolunteerHoursEntry(Node):
    row: strawberry.Private[HoursEntryRecord]
    day: date = strawberry.field(description="The day it counts for 日期 (China time).")
    minutes: int = strawberry.field(description="Minutes 分钟 (negative for a reversal).")
    kind: HoursEntryKind = strawberry.field(description="What it records 类型.")
    note: str | None = strawberry.field(description="Activity title or staff note 说明.")
    created_at: datetime = strawberry.field(description="When it was written 记录时间.")
    reverses_entry_id: strawberry.ID | None = strawberry.field(
        description="The entry it cancels 被冲正记录, for a reversal."
    )

    @classmethod
    def from_row(cls, row: HoursEntryRecord | rows.HoursEntryRow) -> VolunteerHoursEntry:
        if isinstance(row, rows.HoursEntryRow):
            row = record_of(HoursEntryRecord, row)
        return cls(
            row=row,
            id=to_global_id(ENTRY, row.id),
            day=row.day,
            minutes=row.minutes,
            kind=_KIND[row.kind],
            note=row.note,
            created_at=row.created_at,
            reverses_entry_id=to_global_id(ENTRY, row.reverses_entry_id)
            if row.reverses_entry_id
            else None,
        )


@strawberry.type(description="A registered volunteer 志愿者 and their hours.")
class Volunteer(Node):
    row: strawberry.Private[VolunteerRecord]
    name: str = strawberry.field(description="Name shown 姓名.")
    skills: list[str] = strawberry.field(description="Skills 特长.")
    availability: str | None = strawberry.field(description="When they can help 服务时间.")
    total_minutes: int = strawberry.field(description="All their hours, in minutes 累计时长.")
    is_party_member: bool = strawberry.field(
        description="Linked to a party-member record 党员 (hours count where they live: 双报到)."
    )
    registered_at: datetime = strawberry.field(description="When they registered 注册时间.")

    @classmethod
    def from_row(cls, row: VolunteerRecord | rows.VolunteerRow) -> Volunteer:
        if isinstance(row, rows.VolunteerRow):
            row = record_of(VolunteerRecord, row)
        return cls(
            row=row,
            id=to_global_id(TYPE_NAME, row.id),
            name=row.name,
            skills=list(row.skills),
            availability=row.availability,
            total_minutes=row.total_minutes,
            is_party_member=row.member_id is not None,
            registered_at=row.created_at,
        )

    @strawberry.field(
        description="Where their hours count 时长归属 (their community; for 双报到 members, "
        "their residence community).",
        graphql_type=Organization | None,
    )
    @direct  # once per listed volunteer
    def organization(self, info: Info) -> Awaitable[Organization | None] | Organization | None:
        return organization_answer(info.context, self.row.organization_id)

    @strawberry.field(description="Their minutes in a period 时段时长.")
    async def minutes(
        self,
        info: Info,
        since: Annotated[date | None, SINCE] = None,
        until: Annotated[date | None, UNTIL] = None,
    ) -> int:
        return await resolve_volunteer_minutes(info.context, self.row, since, until)

    @strawberry.field(description="Their ledger entries 时长明细, oldest first.")
    async def entries(
        self,
        info: Info,
        since: Annotated[date | None, SINCE] = None,
        until: Annotated[date | None, UNTIL] = None,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[VolunteerHoursEntry]:
        request = page_request(first=first, after=after, last=last, before=before)
        page, count = await resolve_entries(info.context, self.row, since, until, request)
        return build_connection(page, VolunteerHoursEntry.from_row, count)


@strawberry.type(description="One day's minutes of a subtree 每日时长.")
class HoursDay:
    day: date = strawberry.field(description="The day 日期.")
    minutes: int = strawberry.field(description="Minutes 分钟.")


@strawberry.type(description="A subtree's volunteer hours in a period 志愿时长统计.")
class VolunteerHours:
    organization: Organization = strawberry.field(
        description="统计组织 The subtree's organisation."
    )
    minutes: int = strawberry.field(description="Minutes of its volunteers 总时长（分钟）.")
    entries: int = strawberry.field(description="Ledger entries counted 记录数.")
    by_day: list[HoursDay] = strawberry.field(
        description="Minutes per day 每日时长 (when both since and until are given)."
    )


@strawberry.type(description="A place in a volunteer ranking 志愿者排行.")
class VolunteerRank:
    rank: int = strawberry.field(description="Place, from 1 名次.")
    volunteer: Volunteer = strawberry.field(description="The volunteer 志愿者.")
    minutes: int = strawberry.field(description="Their minutes in the period 时长（分钟）.")
