"""Payloads of organisation events 组织事件."""

from __future__ import annotations

import strawberry

from db.events.types import EventType
from schema.events.payloads.declare import EventPayload, change, event_payload
from schema.organizations.enums import PartyOrgKind
from schema.organizations.types import TYPE_NAME as ORGANIZATION


@event_payload(
    EventType.ORGANIZATION_CREATED,
    EventType.ORGANIZATION_UPDATED,
    subject=ORGANIZATION,
    description="组织变更 An organisation was created or changed: the fields set "
    "(null: unchanged).",
)
class OrganizationChangedEventPayload(EventPayload):
    name: str | None = change("name", "名称 Its name.")
    code: str | None = change("code", "编码 Its code.")
    kind: PartyOrgKind | None = change("kind", "党组织类型 Its kind of party organisation.")
    parent_id: strawberry.ID | None = change(
        "parentId", "上级组织 Its parent (on creation).", node=ORGANIZATION
    )


@event_payload(
    EventType.ORGANIZATION_MOVED,
    subject=ORGANIZATION,
    description="组织调整 An organisation moved under another parent, with its subtree.",
)
class OrganizationMovedEventPayload(EventPayload):
    from_parent_id: strawberry.ID | None = change(
        "fromParentId", "原上级 The parent it left.", node=ORGANIZATION
    )
    to_parent_id: strawberry.ID | None = change(
        "toParentId", "新上级 The parent it joined.", node=ORGANIZATION
    )
