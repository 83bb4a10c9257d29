"""Payloads of dispatch events 派单事件: the step, the statuses and the department concerned."""

from __future__ import annotations

import strawberry

from db.events.types import EventType
from schema.departments.enums import DispatchStatus
from schema.departments.types import DISPATCH
from schema.departments.types import TYPE_NAME as DEPARTMENT
from schema.events.payloads.declare import EventPayload, change, event_payload
from schema.petitions.enums import PetitionAction, PetitionStatus
from schema.petitions.types import TYPE_NAME as PETITION


@event_payload(
    EventType.PETITION_DISPATCHED,
    subject=PETITION,
    description="派单流转 A petition's dispatch to a functional department took a step: "
    "dispatched, accepted 接单, returned 退单, a co-handler's part 协办, reported 反馈 or "
    "confirmed 确认.",
)
class PetitionDispatchedEventPayload(EventPayload):
    action: PetitionAction | None = change("action", "操作 The step taken.")
    from_status: PetitionStatus | None = change("from", "原状态 The petition's status before.")
    to_status: PetitionStatus | None = change("to", "新状态 The petition's status after.")
    version: int | None = change("version", "版本 The petition's version after the step.")
    dispatch_id: strawberry.ID | None = change(
        "dispatchId", "派单 The department's share of the dispatch.", node=DISPATCH
    )
    department_id: strawberry.ID | None = change(
        "departmentId", "职能部门 The department concerned.", node=DEPARTMENT
    )
    lead: bool | None = change("lead", "主办 Whether that department leads (else 协办).")
    dispatch_status: DispatchStatus | None = change(
        "dispatchStatus", "派单状态 Where that department's share stands after the step."
    )
