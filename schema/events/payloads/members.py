"""Payloads of member events 党员事件 (never personal data)."""

from __future__ import annotations

from datetime import date

import strawberry

from db.events.types import EventType
from schema.development.enums import DevelopmentAction
from schema.events.payloads.declare import EventPayload, change, event_payload
from schema.members.enums import MemberStatus
from schema.members.types import TYPE_NAME as MEMBER
from schema.organizations.types import TYPE_NAME as ORGANIZATION


@event_payload(
    EventType.MEMBER_CREATED,
    subject=MEMBER,
    description="党员登记 A person was registered: their stage and branch.",
)
class MemberCreatedEventPayload(EventPayload):
    status: MemberStatus | None = change("status", "发展阶段 Their stage.")
    branch_id: strawberry.ID | None = change(
        "branchId", "所在支部 Their branch.", node=ORGANIZATION
    )


@event_payload(
    EventType.MEMBER_UPDATED,
    subject=MEMBER,
    description="党员信息变更 A registered person's record changed: which fields (never values).",
)
class MemberUpdatedEventPayload(EventPayload):
    fields: list[str] | None = change(
        "fields", "变更字段 The names of the Member fields that changed (camelCase)."
    )


@event_payload(
    EventType.MEMBER_STATUS_CHANGED,
    EventType.MEMBER_DEVELOPMENT_RECORDED,
    subject=MEMBER,
    description="党员发展 A development step or record: the stage before and after, the action "
    "and its date.",
)
class MemberDevelopmentEventPayload(EventPayload):
    action: DevelopmentAction | None = change("action", "发展环节 The step or record.")
    from_status: MemberStatus | None = change("from", "原阶段 The stage before.")
    to_status: MemberStatus | None = change("to", "新阶段 The stage after.")
    effective_on: date | None = change("on", "生效日期 When it took effect.")
