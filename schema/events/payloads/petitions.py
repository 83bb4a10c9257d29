"""Payloads of petition events 诉求事件: de-identified by construction (category, status,
places, times; never the resident, their contact or the petition's text)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from db.events.types import EventType
from schema.events.payloads.declare import EventPayload, change, event_payload
from schema.organizations.enums import GovernanceLevel
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.petitions.enums import PetitionAction, PetitionChannel, PetitionStatus
from schema.petitions.types import CATEGORY
from schema.petitions.types import TYPE_NAME as PETITION


@event_payload(
    EventType.PETITION_CREATED,
    subject=PETITION,
    description="诉求提交 A petition was raised: its category, channel and first status.",
)
class PetitionCreatedEventPayload(EventPayload):
    category_id: strawberry.ID | None = change(
        "categoryId", "诉求类别 The petition's category.", node=CATEGORY
    )
    channel: PetitionChannel | None = change("channel", "诉求渠道 How it was raised.")
    status: PetitionStatus | None = change("status", "状态 Its status (SUBMITTED).")


@event_payload(
    EventType.PETITION_TRANSITIONED,
    EventType.PETITION_OVERDUE,
    EventType.PETITION_ESCALATED,
    EventType.PETITION_SUPERVISED,
    subject=PETITION,
    description="诉求流转 A petition took a step of its closed loop (accepted, assigned, "
    "resolved…, overdue 超期, escalated 上报 or supervised 督办).",
)
class PetitionStepEventPayload(EventPayload):
    action: PetitionAction | None = change(
        "action", "操作 The step taken (null for an overdue or automatic escalation)."
    )
    from_status: PetitionStatus | None = change("from", "原状态 The status before the step.")
    to_status: PetitionStatus | None = change("to", "新状态 The status after the step.")
    category_id: strawberry.ID | None = change(
        "categoryId", "诉求类别 The petition's category.", node=CATEGORY
    )
    version: int | None = change("version", "版本 The petition's version after the step.")
    from_organization_id: strawberry.ID | None = change(
        "fromOrganizationId",
        "原承办组织 An escalation's previous handling organisation.",
        node=ORGANIZATION,
    )
    to_organization_id: strawberry.ID | None = change(
        "toOrganizationId",
        "新承办组织 An escalation's new handling organisation.",
        node=ORGANIZATION,
    )
    level: GovernanceLevel | None = change("level", "层级 The level an escalation reached.")
    automatic: bool | None = change(
        "automatic", "自动 True when the deadline job escalated it, not a person."
    )
    escalations: int | None = change("escalations", "上报次数 Escalations so far (overdue).")
    supervisions: int | None = change("supervisions", "督办次数 Supervisions so far.")
    level_deadline_at: datetime | None = change(
        "levelDeadlineAt", "本级时限 The deadline a supervision set at the handling level."
    )


@event_payload(
    EventType.PETITION_MERGED,
    subject=PETITION,
    description="诉求合并 A duplicate report was merged into a master petition; `subjectId` is "
    "the report.",
)
class PetitionMergedEventPayload(EventPayload):
    master_id: strawberry.ID | None = change(
        "masterId", "主诉求 The master petition it joined.", node=PETITION
    )
    reporters: int | None = change(
        "reporters", "反映人数 How many residents have now reported the problem."
    )
