"""Meeting queries: one by ID, a subtree's meetings, the signed-in member's, the kinds, and a
member's attendance."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from db.meetings import models as rows
from db.meetings.queries import MeetingFilter
from resolvers.meetings.reads import (
    MeetingCriteria,
    resolve_meeting_by_id,
    resolve_meeting_kinds,
    resolve_meetings,
    resolve_member_attendance,
    resolve_my_meetings,
)
from resolvers.pagination import page_request
from schema.info import Info
from schema.meetings.enums import MeetingStatus
from schema.meetings.kinds import MeetingKind
from schema.meetings.types import TYPE_NAME, Meeting, MemberMeetingAttendance, answer_named
from schema.members.types import TYPE_NAME as MEMBER
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.relay import Connection, build_connection, expect_global_id, page_argument


@strawberry.input(description="Which meetings to list 会议筛选.")
class MeetingListFilter:
    under: strawberry.ID | None = strawberry.field(
        default=None, description="Only the meetings of this organisation's subtree 组织范围."
    )
    kinds: list[str] | None = strawberry.field(
        default=None, description="Only these kinds (codes, see `meetingKinds`) 会议类型."
    )
    statuses: list[MeetingStatus] | None = strawberry.field(
        default=None, description="Only these statuses 状态."
    )
    starts_after: datetime | None = strawberry.field(
        default=None, description="Only those starting at or after this time 开始时间晚于."
    )
    starts_before: datetime | None = strawberry.field(
        default=None, description="Only those starting before this time 开始时间早于."
    )


def _narrow(where: MeetingListFilter) -> MeetingFilter:
    return MeetingFilter(
        kind_codes=list(where.kinds or ()),
        statuses=[rows.MeetingStatus[s.name] for s in where.statuses or ()],
        starts_after=where.starts_after,
        starts_before=where.starts_before,
    )


FILTER = strawberry.argument(description="Narrow the list 筛选.")


@strawberry.type
class MeetingQueries:
    @strawberry.field(description="The kinds of meeting 会议类型 and their required cadence.")
    async def meeting_kinds(self, info: Info) -> list[MeetingKind]:
        info.context.require_account()
        return [MeetingKind.from_row(row) for row in await resolve_meeting_kinds(info.context)]

    @strawberry.field(description="One meeting 会议 by ID; null if not in your scope.")
    async def meeting(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="标识 Its ID.")],
    ) -> Meeting | None:
        found = await resolve_meeting_by_id(
            info.context, expect_global_id(id, TYPE_NAME, field="id")
        )
        return Meeting.from_row(found) if found else None

    @strawberry.field(
        description="Meetings of the branches in your scope 会议列表 (a member: their own "
        "branch's), in scheduling order."
    )
    async def meetings(
        self,
        info: Info,
        filter: Annotated[MeetingListFilter | None, FILTER] = None,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[Meeting]:
        request = page_request(first=first, after=after, last=last, before=before)
        where = filter or MeetingListFilter()
        criteria = MeetingCriteria(
            under=expect_global_id(where.under, ORGANIZATION, field="under")
            if where.under
            else None,
            under_global_id=where.under,
            narrow=_narrow(where),
        )
        page, count = await resolve_meetings(info.context, criteria, request)
        await answer_named(info, page.rows)
        return build_connection(page, Meeting.from_row, count)

    @strawberry.field(
        description="The meetings you are an attendee of 我的会议 (a party member's own "
        "account; empty for others), in scheduling order."
    )
    async def my_meetings(
        self,
        info: Info,
        filter: Annotated[MeetingListFilter | None, FILTER] = None,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[Meeting]:
        request = page_request(first=first, after=after, last=last, before=before)
        page, count = await resolve_my_meetings(
            info.context, _narrow(filter or MeetingListFilter()), request
        )
        await answer_named(info, page.rows)
        return build_connection(page, Meeting.from_row, count)

    @strawberry.field(
        description="A member's attendance at held meetings 党员出勤率 (yours without "
        "`memberId`; a member's for the secretary over their branch); null out of reach."
    )
    async def member_meeting_attendance(
        self,
        info: Info,
        member_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="The member 党员.")
        ] = None,
        since: Annotated[
            datetime | None,
            strawberry.argument(description="开始时间不早于 Meetings starting at or after."),
        ] = None,
        until: Annotated[
            datetime | None,
            strawberry.argument(description="开始时间早于 Meetings starting before."),
        ] = None,
    ) -> MemberMeetingAttendance | None:
        key = expect_global_id(member_id, MEMBER, field="memberId") if member_id else None
        found = await resolve_member_attendance(info.context, key, since, until)
        return MemberMeetingAttendance.of(found) if found else None
