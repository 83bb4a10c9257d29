"""Payloads of organisational-life events 组织生活事件: meetings and dues (never who, never
amounts)."""

from __future__ import annotations

from datetime import datetime

from db.events.types import EventType
from schema.events.payloads.declare import EventPayload, change, event_payload
from schema.meetings.enums import MeetingAction, MeetingStatus
from schema.meetings.types import TYPE_NAME as MEETING
from schema.members.types import TYPE_NAME as MEMBER


@event_payload(
    EventType.MEETING_SCHEDULED,
    subject=MEETING,
    description="会议安排 A branch scheduled a meeting (三会一课 or 主题党日).",
)
class MeetingScheduledEventPayload(EventPayload):
    kind: str | None = change("kind", "会议类型 The kind's code (`MeetingKind.code`).")
    starts_at: datetime | None = change("startsAt", "开始时间 When it starts.")
    attendees: int | None = change("attendees", "应到人数 Attendees expected.")


@event_payload(
    EventType.MEETING_HELD,
    subject=MEETING,
    description="会议召开 A meeting was held: its month and attendance.",
)
class MeetingHeldEventPayload(EventPayload):
    kind: str | None = change("kind", "会议类型 The kind's code (`MeetingKind.code`).")
    month: str | None = change("month", "月份 The month it counts for (YYYY-MM, China time).")
    expected: int | None = change("expected", "应到 Attendees expected, less the excused.")
    present: int | None = change("present", "实到 Attendees present.")


@event_payload(
    EventType.MEETING_CHANGED,
    EventType.MEETING_ATTENDANCE,
    subject=MEETING,
    description="会议变更 A meeting took a step (rescheduled, cancelled, closed, minutes) or its "
    "attendance changed (leave 请假, check-in 签到; never who).",
)
class MeetingStepEventPayload(EventPayload):
    action: MeetingAction | None = change("action", "操作 The step taken.")
    status: MeetingStatus | None = change("status", "状态 The meeting's status after it.")
    version: int | None = change("version", "版本 The meeting's version after it.")
    excused: int | None = change("excused", "请假 Attendees excused (attendance).")
    present: int | None = change("present", "实到 Attendees present (attendance).")


@event_payload(
    EventType.DUES_BASE_DECLARED,
    EventType.DUES_PAID,
    EventType.DUES_REVERSED,
    subject=MEMBER,
    description="党费 A member's dues changed: a base declared 基数申报 (from which month), "
    "months paid 缴纳 or freed by a reversal 冲正 (never amounts, which reveal income).",
)
class DuesEventPayload(EventPayload):
    effective_month: str | None = change(
        "effectiveMonth", "生效月份 The first month a declared base applies to (YYYY-MM)."
    )
    months: list[str] | None = change("months", "月份 The months paid or freed (YYYY-MM).")
