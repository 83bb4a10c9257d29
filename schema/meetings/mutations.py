"""Meeting mutations: scheduling, the secretary's steps, minutes, leave and check-in."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from db.meetings import models as rows
from resolvers.meetings.writes import (
    MeetingDraft,
    MeetingStepInput,
    check_in,
    decide_leave,
    request_leave,
    schedule_meeting,
    take_meeting_step,
)
from schema.info import Info
from schema.meetings.enums import MeetingStep
from schema.meetings.types import ATTENDANCE, TYPE_NAME, Meeting, MeetingAttendance
from schema.members.types import TYPE_NAME as MEMBER
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.relay import INPUT, expect_global_id
from schema.stations.types import TYPE_NAME as STATION


@strawberry.input(description="A new meeting 安排会议.")
class ScheduleMeetingInput:
    organization_id: strawberry.ID = strawberry.field(
        description="The branch holding it 支部 (its members are the attendees)."
    )
    kind: str = strawberry.field(description="Its kind's code (see `meetingKinds`) 会议类型.")
    topic: str = strawberry.field(description="Topic 会议主题 (at most 200 characters).")
    starts_at: datetime = strawberry.field(
        description="When it starts 开始时间 (at most 7 days ago, to record one held 补录)."
    )
    station_id: strawberry.ID | None = strawberry.field(
        default=None, description="Held at this station 服务站."
    )
    address: str | None = strawberry.field(
        default=None, description="Where 地点 (without a station; at most 200 characters)."
    )


@strawberry.input(description="A secretary's step of a meeting 会议操作.")
class AdvanceMeetingInput:
    id: strawberry.ID = strawberry.field(description="The meeting 会议.")
    step: MeetingStep = strawberry.field(description="操作 What to do.")
    expected_version: int | None = strawberry.field(
        default=None, description="版本 The version you saw; CONFLICT if it changed meanwhile."
    )
    note: str | None = strawberry.field(default=None, description="Note 备注 (at most 500).")


@strawberry.input(description="A meeting's minutes and resolutions 会议记录.")
class RecordMeetingMinutesInput:
    id: strawberry.ID = strawberry.field(description="The meeting 会议 (held or closed).")
    minutes: str = strawberry.field(description="Minutes 会议记录 (at most 20000 characters).")
    resolutions: str | None = strawberry.field(
        default=None, description="Resolutions 决议 (at most 5000)."
    )
    expected_version: int | None = strawberry.field(
        default=None, description="版本 The version you saw; CONFLICT if it changed meanwhile."
    )
    note: str | None = strawberry.field(
        default=None, description="Why it changes 修改说明 (after the close)."
    )


@strawberry.input(description="Ask for leave from a meeting 请假.")
class RequestMeetingLeaveInput:
    meeting_id: strawberry.ID = strawberry.field(description="The meeting 会议.")
    reason: str = strawberry.field(description="Why 请假事由 (at most 500 characters).")


@strawberry.input(description="Decide a leave request 审批请假.")
class DecideMeetingLeaveInput:
    attendance_id: strawberry.ID = strawberry.field(
        description="出席记录 The attendee's attendance."
    )
    approve: bool = strawberry.field(description="True to approve 准假, false to refuse.")
    note: str | None = strawberry.field(default=None, description="Note 备注 (at most 500).")


@strawberry.input(description="Check in to a meeting 签到.")
class CheckInToMeetingInput:
    meeting_id: strawberry.ID = strawberry.field(description="The meeting 会议.")
    member_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The member to check in 代签 (the secretary); omit to check in yourself.",
    )


@strawberry.type(description="会议操作结果 The result of a meeting mutation.")
class MeetingPayload:
    meeting: Meeting = strawberry.field(description="The meeting as it is now 会议.")


@strawberry.type(description="请假签到操作结果 The result of a leave or check-in mutation.")
class MeetingAttendancePayload:
    attendance: MeetingAttendance = strawberry.field(
        description="The attendance as it is now 出席记录."
    )


def _meeting_key(global_id: str, field: str) -> int:
    return expect_global_id(global_id, TYPE_NAME, field=field)


@strawberry.type
class MeetingMutations:
    @strawberry.mutation(
        description="Schedule a meeting 安排会议 (三会一课 or 主题党日) of a branch: its secretary."
    )
    async def schedule_meeting(
        self, info: Info, input: Annotated[ScheduleMeetingInput, INPUT]
    ) -> MeetingPayload:
        draft = MeetingDraft(
            organization_id=expect_global_id(
                input.organization_id, ORGANIZATION, field="organizationId"
            ),
            organization_global_id=input.organization_id,
            kind_code=input.kind,
            topic=input.topic,
            starts_at=input.starts_at,
            station_id=expect_global_id(input.station_id, STATION, field="stationId")
            if input.station_id
            else None,
            station_global_id=input.station_id,
            address=input.address,
        )
        return MeetingPayload(meeting=Meeting.from_row(await schedule_meeting(info.context, draft)))

    @strawberry.mutation(
        description="Hold, close or cancel a meeting 会议操作 (its secretary), on the version "
        "you saw."
    )
    async def advance_meeting(
        self, info: Info, input: Annotated[AdvanceMeetingInput, INPUT]
    ) -> MeetingPayload:
        row = await take_meeting_step(
            info.context,
            _meeting_key(input.id, "id"),
            input.id,
            rows.MeetingAction[input.step.name],
            MeetingStepInput(expected_version=input.expected_version, note=input.note),
        )
        return MeetingPayload(meeting=Meeting.from_row(row))

    @strawberry.mutation(
        description="Record a held meeting's minutes and resolutions 记录纪要 (its secretary); "
        "after the close too, which the timeline shows."
    )
    async def record_meeting_minutes(
        self, info: Info, input: Annotated[RecordMeetingMinutesInput, INPUT]
    ) -> MeetingPayload:
        row = await take_meeting_step(
            info.context,
            _meeting_key(input.id, "id"),
            input.id,
            rows.MeetingAction.RECORD_MINUTES,
            MeetingStepInput(
                expected_version=input.expected_version,
                note=input.note,
                minutes=input.minutes,
                resolutions=input.resolutions,
            ),
        )
        return MeetingPayload(meeting=Meeting.from_row(row))

    @strawberry.mutation(description="Ask for leave 请假 from a meeting you are to attend.")
    async def request_meeting_leave(
        self, info: Info, input: Annotated[RequestMeetingLeaveInput, INPUT]
    ) -> MeetingAttendancePayload:
        row = await request_leave(
            info.context,
            _meeting_key(input.meeting_id, "meetingId"),
            input.meeting_id,
            input.reason,
        )
        return MeetingAttendancePayload(attendance=MeetingAttendance.from_row(row))

    @strawberry.mutation(description="Approve or refuse a leave request 审批请假 (the secretary).")
    async def decide_meeting_leave(
        self, info: Info, input: Annotated[DecideMeetingLeaveInput, INPUT]
    ) -> MeetingAttendancePayload:
        row = await decide_leave(
            info.context,
            expect_global_id(input.attendance_id, ATTENDANCE, field="attendanceId"),
            input.attendance_id,
            input.approve,
            input.note,
        )
        return MeetingAttendancePayload(attendance=MeetingAttendance.from_row(row))

    @strawberry.mutation(
        description="Check in to a meeting 签到: yourself from 30 minutes before its start to 2 "
        "hours after, or a member (the secretary) until it closes; once per member."
    )
    async def check_in_to_meeting(
        self, info: Info, input: Annotated[CheckInToMeetingInput, INPUT]
    ) -> MeetingAttendancePayload:
        row = await check_in(
            info.context,
            _meeting_key(input.meeting_id, "meetingId"),
            input.meeting_id,
            expect_global_id(input.member_id, MEMBER, field="memberId")
            if input.member_id
            else None,
        )
        return MeetingAttendancePayload(attendance=MeetingAttendance.from_row(row))
