"""Meeting types: kinds, the meeting, an attendee's attendance, a timeline step, a member's
attendance figures."""

from __future__ import annotations

from collections.abc import Awaitable, Sequence
from datetime import datetime
from typing import Annotated

import strawberry

from db.meetings import models as rows
from db.meetings.queries import (
    AttendanceRecord,
    MeetingRecord,
    MeetingStepRecord,
    MemberAttendance,
)
from db.records import record_of
from resolvers.context import Context
from resolvers.meetings.reads import (
    attendance_rate,
    resolve_attendances,
    resolve_my_attendance,
    resolve_timeline,
)
from resolvers.members.reads import resolve_member_by_id
from resolvers.pagination import page_request
from schema.enum_members import by_value
from schema.info import Info
from schema.meetings.enums import (
    AttendanceStatus,
    CheckInMethod,
    MeetingAction,
    MeetingStatus,
)
from schema.meetings.kinds import MeetingKind, answer_kinds, kind_answer
from schema.members.types import TYPE_NAME as MEMBER
from schema.members.types import Member
from schema.organizations.types import Organization, answer_organizations, organization_answer
from schema.plain_fields import direct
from schema.relay import Connection, Node, build_connection, page_argument, to_global_id
from schema.selections import selects_listed
from schema.stations.types import TYPE_NAME as STATION

TYPE_NAME = "Meeting"
ATTENDANCE = "MeetingAttendance"
STEP = "MeetingTimelineStep"
_STATUS = by_value(rows.MeetingStatus, MeetingStatus)


@strawberry.type(description="One attendee's attendance at a meeting 出席记录.")
class MeetingAttendance(Node):
    row: strawberry.Private[AttendanceRecord]
    status: AttendanceStatus = strawberry.field(description="How they attend 出席情况.")
    leave_reason: str | None = strawberry.field(description="Why they asked for leave 请假事由.")
    checked_in_at: datetime | None = strawberry.field(description="When they checked in 签到时间.")
    check_in_method: CheckInMethod | None = strawberry.field(
        description="签到方式 Who checked them in."
    )
    version: int = strawberry.field(description="Increases with every change 版本.")

    @classmethod
    def from_row(cls, row: AttendanceRecord | rows.MeetingAttendanceRow) -> MeetingAttendance:
        if isinstance(row, rows.MeetingAttendanceRow):
            row = record_of(AttendanceRecord, row)
        return cls(
            row=row,
            id=to_global_id(ATTENDANCE, row.id),
            status=AttendanceStatus(row.status.value),
            leave_reason=row.leave_reason,
            checked_in_at=row.checked_in_at,
            check_in_method=CheckInMethod(row.check_in_method.value)
            if row.check_in_method
            else None,
            version=row.version,
        )

    @strawberry.field(description="The meeting 会议.")
    def meeting_id(self) -> strawberry.ID:
        return to_global_id(TYPE_NAME, self.row.meeting_id)

    @strawberry.field(description="The attendee 党员 (null outside your scope).")
    async def member(self, info: Info) -> Member | None:
        found = await resolve_member_by_id(info.context, self.row.member_id)
        return Member.from_row(found) if found else None


@strawberry.type(description="A step on a meeting's timeline 会议留痕: who did what, when.")
class MeetingTimelineStep:
    action: MeetingAction = strawberry.field(description="What was done 操作.")
    from_status: MeetingStatus | None = strawberry.field(description="原状态 The status before.")
    to_status: MeetingStatus = strawberry.field(description="新状态 The status after.")
    note: str | None = strawberry.field(description="Note or reason 备注.")
    at: datetime = strawberry.field(description="When 时间.")
    member_id: strawberry.ID | None = strawberry.field(
        description="The attendee it concerns (leave, check-in) 相关党员."
    )
    actor_account_id: strawberry.ID | None = strawberry.field(
        description="The account that took the step 操作人 (an opaque account key)."
    )

    @classmethod
    def from_row(cls, row: MeetingStepRecord) -> MeetingTimelineStep:
        return cls(
            action=MeetingAction(row.action.value),
            from_status=MeetingStatus(row.from_status.value) if row.from_status else None,
            to_status=MeetingStatus(row.to_status.value),
            note=row.note,
            at=row.at,
            member_id=to_global_id(MEMBER, row.member_id) if row.member_id else None,
            actor_account_id=strawberry.ID(str(row.actor_account_id))
            if row.actor_account_id
            else None,
        )


async def answer_named(info: Info, meetings: Sequence[MeetingRecord]) -> None:
    """A page of meetings answers the organisations and kinds its rows name, when the query
    asks for them, before its rows are completed (schema/answers.py)."""
    if selects_listed(info, "organization"):
        await answer_organizations(info.context, [row.organization_id for row in meetings])
    if selects_listed(info, "kind"):
        await answer_kinds(info.context, [row.kind_code for row in meetings])


async def _mine(context: Context, row: MeetingRecord) -> MeetingAttendance | None:
    found = await resolve_my_attendance(context, row)
    return MeetingAttendance.from_row(found) if found else None


@strawberry.type(description="A branch meeting 三会一课 or themed party day 主题党日.")
class Meeting(Node):
    row: strawberry.Private[MeetingRecord]
    topic: str = strawberry.field(description="Topic 会议主题.")
    starts_at: datetime = strawberry.field(description="When it starts 开始时间.")
    address: str = strawberry.field(description="Where 地点.")
    status: MeetingStatus = strawberry.field(description="Where it stands 状态.")
    minutes: str | None = strawberry.field(description="Minutes 会议记录; null until recorded.")
    resolutions: str | None = strawberry.field(description="Resolutions 决议.")
    attendees: int = strawberry.field(description="Attendees 应参会人数 (the branch's members).")
    excused: int = strawberry.field(description="On approved leave 请假人数.")
    present: int = strawberry.field(description="Checked in 实到人数.")
    attendance_rate: float | None = strawberry.field(
        description="出勤率: present over attendees not on approved leave, 0-1; null with none."
    )
    held_at: datetime | None = strawberry.field(description="召开时间 When it was marked held.")
    closed_at: datetime | None = strawberry.field(description="关闭时间 When it was closed.")
    version: int = strawberry.field(description="Increases with every step 版本.")

    @classmethod
    def from_row(cls, row: MeetingRecord | rows.MeetingRow) -> Meeting:
        if isinstance(row, rows.MeetingRow):
            row = record_of(MeetingRecord, row)
        return cls(
            row=row,
            id=to_global_id(TYPE_NAME, row.id),
            topic=row.topic,
            starts_at=row.starts_at,
            address=row.address,
            status=_STATUS[row.status],
            minutes=row.minutes,
            resolutions=row.resolutions,
            attendees=row.attendees,
            excused=row.excused,
            present=row.present,
            attendance_rate=attendance_rate(row),
            held_at=row.held_at,
            closed_at=row.closed_at,
            version=row.version,
        )

    @strawberry.field(description="Its kind 会议类型.", graphql_type=MeetingKind | None)
    @direct  # once per listed meeting
    def kind(self, info: Info) -> Awaitable[MeetingKind | None] | MeetingKind | None:
        return kind_answer(info.context, self.row.kind_code)

    @strawberry.field(description="The station where it is held 服务站, if any.")
    def station_id(self) -> strawberry.ID | None:
        return to_global_id(STATION, self.row.station_id) if self.row.station_id else None

    @strawberry.field(
        description="The branch holding it 支部; null outside scope.",
        graphql_type=Organization | None,
    )
    @direct  # once per listed meeting
    def organization(self, info: Info) -> Awaitable[Organization | None] | Organization | None:
        return organization_answer(info.context, self.row.organization_id)

    @strawberry.field(
        description="Your own attendance 我的出席 (a member's own account), if an attendee.",
        graphql_type=MeetingAttendance | None,
    )
    @direct  # once per listed meeting
    def my_attendance(self, info: Info) -> Awaitable[MeetingAttendance | None]:
        return _mine(info.context, self.row)

    @strawberry.field(description="Its attendees 参会名单 (for its secretary), in member order.")
    async def attendances(
        self,
        info: Info,
        statuses: Annotated[
            list[AttendanceStatus] | None, strawberry.argument(description="状态筛选 Only these.")
        ] = None,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[MeetingAttendance]:
        request = page_request(first=first, after=after, last=last, before=before)
        page, count = await resolve_attendances(
            info.context,
            self.row,
            [rows.AttendanceStatus[s.name] for s in statuses or ()],
            request,
        )
        return build_connection(page, MeetingAttendance.from_row, count)

    @strawberry.field(
        description="Its timeline 全过程留痕 (for its secretary): every step with actor and "
        "time, oldest first; edits after the close stay on it."
    )
    async def timeline(
        self,
        info: Info,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[MeetingTimelineStep]:
        request = page_request(first=first, after=after, last=last, before=before)
        page, count = await resolve_timeline(info.context, self.row, request)
        return build_connection(page, MeetingTimelineStep.from_row, count)


@strawberry.type(description="A member's attendance at held meetings 党员出勤 in a period.")
class MemberMeetingAttendance:
    held: int = strawberry.field(description="Meetings held they were an attendee of 应参会.")
    excused: int = strawberry.field(description="On approved leave 请假.")
    present: int = strawberry.field(description="Checked in 出席.")
    rate: float | None = strawberry.field(
        description="出勤率: present over held minus excused, 0-1; null with none."
    )

    @classmethod
    def of(cls, found: MemberAttendance) -> MemberMeetingAttendance:
        return cls(held=found.held, excused=found.excused, present=found.present, rate=found.rate)
