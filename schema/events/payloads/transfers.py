"""Payloads of transfer events 组织关系转接事件: heard at both branches."""

from __future__ import annotations

from db.events.types import EventType
from schema.events.payloads.declare import EventPayload, change, event_payload
from schema.transfers.enums import TransferAction, TransferStatus
from schema.transfers.types import TYPE_NAME as TRANSFER


@event_payload(
    EventType.TRANSFER_REQUESTED,
    EventType.TRANSFER_STEPPED,
    subject=TRANSFER,
    description="组织关系转接 A transfer was asked or took a step.",
)
class TransferStepEventPayload(EventPayload):
    action: TransferAction | None = change("action", "操作 The step taken (null: the request).")
    status: TransferStatus | None = change("status", "状态 The transfer's status after it.")
    version: int | None = change("version", "版本 The transfer's version after it.")
    out_of_platform: bool | None = change(
        "outOfPlatform", "转出平台 True when the destination is outside this platform (request)."
    )
