"""Typed domain events as clients read them from the stream."""

from __future__ import annotations

import enum
from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from db.events.log import EventRow
from resolvers.members.reads import resolve_member_by_id
from resolvers.organizations.reads import resolve_organization_by_id
from resolvers.pagination import encode_cursor
from resolvers.petitions.reads import resolve_petition_by_id
from resolvers.stations.reads import resolve_station_by_id
from schema.info import Info
from schema.members.types import Member
from schema.organizations.types import Organization
from schema.petitions.types import Petition
from schema.stations.types import Station


@strawberry.enum(description="What happened.")
class EventType(enum.Enum):
    ORGANIZATION_CREATED = strawberry.enum_value(
        "organization.created", description="An organisation was created."
    )
    ORGANIZATION_UPDATED = strawberry.enum_value(
        "organization.updated", description="An organisation's name, code, kind or place changed."
    )
    ORGANIZATION_MOVED = strawberry.enum_value(
        "organization.moved", description="An organisation moved, with its subtree."
    )
    MEMBER_CREATED = strawberry.enum_value("member.created", description="A member was added.")
    MEMBER_UPDATED = strawberry.enum_value(
        "member.updated", description="A member's profile changed."
    )
    MEMBER_STATUS_CHANGED = strawberry.enum_value(
        "member.status_changed", description="A member moved along the pipeline."
    )
    STATION_CREATED = strawberry.enum_value(
        "station.created", description="A service station was registered."
    )
    STATION_UPDATED = strawberry.enum_value(
        "station.updated", description="A station's details (hours, capacity, place…) changed."
    )
    STATION_DEVICE_ADDED = strawberry.enum_value(
        "station.device_added", description="A device was added to a station."
    )
    STATION_STATUS_CHANGED = strawberry.enum_value(
        "station.status_changed",
        description="A station's derived status changed (changes {from, to}).",
    )
    PETITION_CREATED = strawberry.enum_value(
        "petition.created", description="A petition was raised 诉求提交."
    )
    PETITION_TRANSITIONED = strawberry.enum_value(
        "petition.transitioned", description="A petition took a workflow step."
    )
    PETITION_OVERDUE = strawberry.enum_value(
        "petition.overdue", description="A petition passed its deadline 超期."
    )
    PETITION_ESCALATED = strawberry.enum_value(
        "petition.escalated", description="A petition was escalated 上报 to the parent."
    )


@strawberry.interface(description="Something that happened, in the order of the event log.")
class DomainEvent:
    cursor: str = strawberry.field(
        description="Position in the event log; subscribe again with `after:` this to resume."
    )
    type: EventType = strawberry.field(description="What happened.")
    occurred_at: datetime = strawberry.field(description="When it was committed.")
    changes: JSON = strawberry.field(description="What changed (never personal data).")
    row: strawberry.Private[EventRow]

    @property
    def share_id(self) -> int:
        """Subscribers of the same selection and viewer share one execution of each event."""
        return self.row.id


@strawberry.type(description="An organisation was created, changed or moved.")
class OrganizationEvent(DomainEvent):
    @strawberry.field(description="The organisation as it is now; null if no longer visible.")
    async def organization(self, info: Info) -> Organization | None:
        found = await resolve_organization_by_id(info.context, self.row.entity_id)
        return Organization.from_row(found) if found else None


@strawberry.type(description="A member was added or changed.")
class MemberEvent(DomainEvent):
    @strawberry.field(description="The member as they are now; null if no longer visible.")
    async def member(self, info: Info) -> Member | None:
        found = await resolve_member_by_id(info.context, self.row.entity_id)
        return Member.from_row(found) if found else None


@strawberry.type(description="A petition was raised, took a step, went overdue or was escalated.")
class PetitionEvent(DomainEvent):
    @strawberry.field(description="The petition as it is now; null if no longer visible.")
    async def petition(self, info: Info) -> Petition | None:
        found = await resolve_petition_by_id(info.context, self.row.entity_id)
        return Petition.from_row(found) if found else None


@strawberry.type(description="A service station was registered, equipped, or changed status.")
class StationEvent(DomainEvent):
    @strawberry.field(description="The station as it is now; null if no longer visible.")
    async def station(self, info: Info) -> Station | None:
        found = await resolve_station_by_id(info.context, self.row.entity_id)
        return Station.from_row(found) if found else None


EVENT_TYPES: dict[str, type[DomainEvent]] = {
    "organization": OrganizationEvent,
    "member": MemberEvent,
    "petition": PetitionEvent,
    "station": StationEvent,
}


def to_event(row: EventRow) -> DomainEvent:
    kind = EVENT_TYPES[row.entity_type]
    return kind(
        row=row,
        cursor=encode_cursor(row.id),
        type=EventType(row.type),
        occurred_at=row.occurred_at,
        changes=row.payload.get("changes", {}),
    )
