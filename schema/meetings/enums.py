"""Enums of meetings; values match the stored values of `db.meetings`."""

from __future__ import annotations

import enum

import strawberry


@strawberry.enum(description="How often a kind of meeting must be held at least 召开频次.")
class MeetingCadence(enum.Enum):
    MONTHLY = strawberry.enum_value("monthly", description="Every month 每月.")
    QUARTERLY = strawberry.enum_value("quarterly", description="Every quarter 每季度.")


@strawberry.enum(description="Where a meeting stands 会议状态.")
class MeetingStatus(enum.Enum):
    SCHEDULED = strawberry.enum_value("scheduled", description="Scheduled 已安排.")
    HELD = strawberry.enum_value("held", description="Held 已召开; minutes may follow.")
    CLOSED = strawberry.enum_value("closed", description="Closed with its minutes 已办结.")
    CANCELLED = strawberry.enum_value("cancelled", description="Cancelled 已取消.")


@strawberry.enum(description="A step on a meeting's timeline 会议流程.")
class MeetingAction(enum.Enum):
    SCHEDULE = strawberry.enum_value("schedule", description="Scheduled 安排.")
    HOLD = strawberry.enum_value("hold", description="Held 召开.")
    RECORD_MINUTES = strawberry.enum_value(
        "record_minutes", description="Minutes and resolutions recorded 记录纪要."
    )
    CLOSE = strawberry.enum_value("close", description="Closed 办结.")
    CANCEL = strawberry.enum_value("cancel", description="Cancelled 取消.")
    REQUEST_LEAVE = strawberry.enum_value("request_leave", description="Leave asked 请假.")
    APPROVE_LEAVE = strawberry.enum_value("approve_leave", description="Leave approved 准假.")
    REFUSE_LEAVE = strawberry.enum_value("refuse_leave", description="Leave refused 不准假.")
    CHECK_IN = strawberry.enum_value("check_in", description="Checked in 签到.")


@strawberry.enum(description="The secretary's steps of a meeting 会议操作.")
class MeetingStep(enum.Enum):
    HOLD = strawberry.enum_value("hold", description="Hold it 召开 (at its time).")
    CLOSE = strawberry.enum_value("close", description="Close it 办结 (minutes recorded).")
    CANCEL = strawberry.enum_value("cancel", description="Cancel it 取消 (before it is held).")


@strawberry.enum(description="How an attendee attends 出席情况.")
class AttendanceStatus(enum.Enum):
    EXPECTED = strawberry.enum_value("expected", description="Expected 应到, not checked in.")
    LEAVE_REQUESTED = strawberry.enum_value(
        "leave_requested", description="Asked for leave 请假待批."
    )
    EXCUSED = strawberry.enum_value("excused", description="On approved leave 已准假.")
    PRESENT = strawberry.enum_value("present", description="Checked in 已签到.")


@strawberry.enum(description="Who checked an attendee in 签到方式.")
class CheckInMethod(enum.Enum):
    SELF = strawberry.enum_value("self", description="The member, in the window 本人签到.")
    SECRETARY = strawberry.enum_value("secretary", description="The secretary for them 代签.")
