"""Payloads of co-building events 区域化党建事件: activities, needs and exchanges (counts,
never who)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from db.events.types import EventType
from schema.activities.enums import ActivityKind
from schema.activities.types import TYPE_NAME as ACTIVITY
from schema.events.payloads.declare import EventPayload, change, event_payload
from schema.resources.enums import (
    ExchangeAction,
    ExchangeSide,
    ExchangeStatus,
    NeedStatus,
    ResourceCategory,
)
from schema.resources.types import EXCHANGE, NEED


@event_payload(
    EventType.ACTIVITY_CREATED,
    subject=ACTIVITY,
    description="活动发布 An activity was published: its kind, times and capacity.",
)
class ActivityCreatedEventPayload(EventPayload):
    kind: ActivityKind | None = change("kind", "活动类型 Its kind.")
    starts_at: datetime | None = change("startsAt", "开始时间 When it starts.")
    ends_at: datetime | None = change("endsAt", "结束时间 When it ends.")
    capacity: int | None = change("capacity", "名额 Places (null: unlimited).")


@event_payload(
    EventType.ACTIVITY_CANCELLED,
    subject=ACTIVITY,
    description="活动取消 An activity was cancelled.",
)
class ActivityCancelledEventPayload(EventPayload):
    version: int | None = change("version", "版本 The activity's version after cancelling.")


@event_payload(
    EventType.ACTIVITY_SIGN_UPS_CHANGED,
    EventType.ACTIVITY_STARTED,
    EventType.ACTIVITY_ENDED,
    EventType.ACTIVITY_ATTENDANCE,
    subject=ACTIVITY,
    description="活动人数 An activity's counts after a sign-up 报名, a check-in 签到 or out, or "
    "its start or end (never who).",
)
class ActivityCountsEventPayload(EventPayload):
    signed_up: int | None = change("signedUp", "已报名 Confirmed sign-ups.")
    waitlisted: int | None = change("waitlisted", "候补 On the waiting list.")
    capacity: int | None = change("capacity", "名额 Places.")
    checked_in: int | None = change("checkedIn", "已签到 Checked in.")
    checking_in: bool | None = change(
        "in", "签到/签退 True for a check-in, false for a check-out (attendance only)."
    )


@event_payload(
    EventType.NEED_POSTED,
    subject=NEED,
    description="发布需求 A community posted a need: its category and how many people it serves.",
)
class NeedPostedEventPayload(EventPayload):
    category: ResourceCategory | None = change("category", "类别 What it is about.")
    people: int | None = change("people", "受益人数 People it serves.")


@event_payload(
    EventType.NEED_CHANGED,
    subject=NEED,
    description="需求状态 A need was claimed, fulfilled, reopened or withdrawn.",
)
class NeedChangedEventPayload(EventPayload):
    from_status: NeedStatus | None = change("from", "原状态 The status before.")
    to_status: NeedStatus | None = change("to", "新状态 The status now.")


@event_payload(
    EventType.EXCHANGE_OPENED,
    EventType.EXCHANGE_STEPPED,
    subject=EXCHANGE,
    description="资源对接 An exchange was opened (a claim 认领 or a request 申请) or took a step.",
)
class ExchangeStepEventPayload(EventPayload):
    action: ExchangeAction | None = change("action", "操作 The step taken.")
    side: ExchangeSide | None = change("side", "操作方 The side that took it.")
    from_status: ExchangeStatus | None = change("from", "原状态 The status before.")
    to_status: ExchangeStatus | None = change(
        "to", "新状态 The status now (see also `status` on opening)."
    )
    status: ExchangeStatus | None = change("status", "状态 The status it opened with.")
    need_id: strawberry.ID | None = change("needId", "需求 The need claimed.", node=NEED)
    version: int | None = change("version", "版本 The exchange's version after the step.")
