"""Typed domain events as clients read them from the stream."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import datetime
from typing import Any, cast

import strawberry
from strawberry.scalars import JSON
from strawberry.types.enum import EnumValue, StrawberryEnumDefinition

from db.events.log import EventRow
from db.events.types import EntityType, EventType
from resolvers.activities.reads import resolve_activity_by_id
from resolvers.apikeys.reads import resolve_key_by_id
from resolvers.dues.reads import resolve_dues_account
from resolvers.learning.courses import resolve_course_by_id
from resolvers.learning.reads import resolve_study
from resolvers.meetings.reads import resolve_meeting_by_id
from resolvers.members.reads import resolve_member_by_id
from resolvers.pagination import encode_cursor
from resolvers.petitions.reads import resolve_petition_by_id
from resolvers.resources.reads import resolve_exchange_by_id, resolve_need_by_id
from resolvers.stations.reads import resolve_station_by_id
from resolvers.transfers.reads import resolve_transfer_by_id
from schema.activities.types import Activity
from schema.apikeys.types import ApiKey
from schema.dues.types import DuesAccount
from schema.events.payloads import EventPayload, build_payload
from schema.info import Info
from schema.learning.study import StudyRecord
from schema.learning.types import Course
from schema.meetings.types import Meeting
from schema.members.types import Member
from schema.organizations.types import Organization, organization_answer
from schema.petitions.types import Petition
from schema.plain_fields import direct
from schema.resources.types import CoBuildingExchange, CoBuildingNeed
from schema.stations.types import Station
from schema.transfers.types import Transfer


def _graphql_enum(kind: type[EventType]) -> type[EventType]:
    """Show the shared event types as the GraphQL enum `EventType`: the types clients receive
    (those with a description), named and described as declared (strawberry.enum's job, with
    the internal types left out and the descriptions taken from the declaration)."""
    definition = StrawberryEnumDefinition(
        wrapped_cls=kind,
        name="EventType",
        description="事件类型 What happened.",
        values=[
            EnumValue(member.name, member.value, description=member.description)
            for member in kind
            if member.delivered
        ],
    )
    cast(Any, kind).__strawberry_definition__ = definition
    return kind


_graphql_enum(EventType)


@strawberry.interface(
    description="领域事件 Something that happened, in the order of the event log."
)
class DomainEvent:
    cursor: str = strawberry.field(
        description="事件游标 Position in the event log; subscribe again with `after:` this to "
        "resume."
    )
    type: EventType = strawberry.field(description="事件类型 What happened.")
    occurred_at: datetime = strawberry.field(description="发生时间 When it was committed.")
    changes: JSON = strawberry.field(
        description="变更内容(旧) What changed, untyped, in internal values (never personal data).",
        deprecation_reason="Read `payload`, typed per kind of event with global ids and enum "
        "names; to be removed after 2027-06-30.",
    )
    payload: EventPayload = strawberry.field(
        description="事件内容 What happened, typed for each kind of event (`... on <Type>`): "
        "global ids, the schema's enum names, DateTime; never personal data."
    )
    row: strawberry.Private[EventRow]

    @property
    def share_id(self) -> int:
        """Subscribers of the same selection and viewer share one execution of each event."""
        return self.row.id


@strawberry.type(description="组织事件 An organisation was created, changed or moved.")
class OrganizationEvent(DomainEvent):
    @strawberry.field(
        description="当前组织 The organisation as it is now; null if no longer visible.",
        graphql_type=Organization | None,
    )
    @direct  # once per listed event
    def organization(self, info: Info) -> Awaitable[Organization | None] | Organization | None:
        return organization_answer(info.context, self.row.entity_id)


@strawberry.type(
    description=(
        "人员事件 A registered person was added, changed or took a development step: a Party "
        "member (probationary or full) or someone on the way (applicant, activist, development "
        "target); `member.status` and `changes` say which."
    )
)
class MemberEvent(DomainEvent):
    @strawberry.field(description="当前人员 The person as they are now; null if no longer visible.")
    async def member(self, info: Info) -> Member | None:
        found = await resolve_member_by_id(info.context, self.row.entity_id)
        return Member.from_row(found) if found else None


@strawberry.type(
    description="诉求事件 A petition was raised, took a step, went overdue or was escalated."
)
class PetitionEvent(DomainEvent):
    @strawberry.field(description="当前诉求 The petition as it is now; null if no longer visible.")
    async def petition(self, info: Info) -> Petition | None:
        found = await resolve_petition_by_id(info.context, self.row.entity_id)
        return Petition.from_row(found) if found else None


@strawberry.type(
    description="服务站事件 A service station was registered, equipped, or changed status."
)
class StationEvent(DomainEvent):
    @strawberry.field(description="当前服务站 The station as it is now; null if no longer visible.")
    async def station(self, info: Info) -> Station | None:
        found = await resolve_station_by_id(info.context, self.row.entity_id)
        return Station.from_row(found) if found else None


@strawberry.type(
    description="An activity 活动 was published, cancelled, started or ended, or its sign-ups "
    "or attendance changed."
)
class ActivityEvent(DomainEvent):
    @strawberry.field(description="当前活动 The activity as it is now; null if no longer visible.")
    async def activity(self, info: Info) -> Activity | None:
        found = await resolve_activity_by_id(info.context, self.row.entity_id)
        return Activity.from_row(found) if found else None


@strawberry.type(description="A need 社区需求 was posted, claimed, fulfilled or withdrawn.")
class NeedEvent(DomainEvent):
    @strawberry.field(description="当前社区需求 The need as it is now; null if no longer visible.")
    async def need(self, info: Info) -> CoBuildingNeed | None:
        found = await resolve_need_by_id(info.context, self.row.entity_id)
        return CoBuildingNeed.from_row(found) if found else None


@strawberry.type(description="An exchange 对接 was opened or took a step.")
class ExchangeEvent(DomainEvent):
    @strawberry.field(description="当前对接 The exchange as it is now; null if no longer visible.")
    async def exchange(self, info: Info) -> CoBuildingExchange | None:
        found = await resolve_exchange_by_id(info.context, self.row.entity_id)
        return CoBuildingExchange.from_row(found) if found else None


@strawberry.type(
    description="A meeting 会议 was scheduled, held, changed, or an attendee's leave or "
    "check-in changed its attendance (组织生活)."
)
class MeetingEvent(DomainEvent):
    @strawberry.field(description="当前会议 The meeting as it is now; null if no longer visible.")
    async def meeting(self, info: Info) -> Meeting | None:
        found = await resolve_meeting_by_id(info.context, self.row.entity_id)
        return Meeting.from_row(found) if found else None


@strawberry.type(description="A member paid dues 缴纳党费, or a payment was reversed 冲正.")
class DuesEvent(DomainEvent):
    @strawberry.field(
        description="当前党费账户 The member's dues account as it is now; null if not visible."
    )
    async def account(self, info: Info) -> DuesAccount | None:
        found = await resolve_dues_account(info.context, self.row.entity_id)
        return DuesAccount.of(found) if found else None


@strawberry.type(
    description="A transfer 组织关系转接 was asked or took a step; heard at the branch left "
    "and at the branch joined."
)
class TransferEvent(DomainEvent):
    @strawberry.field(description="当前转接 The transfer as it is now; null if not visible.")
    async def transfer(self, info: Info) -> Transfer | None:
        found = await resolve_transfer_by_id(info.context, self.row.entity_id)
        return Transfer.from_row(found) if found else None


@strawberry.type(description="A course was published 课程发布 (网上党校).")
class CourseEvent(DomainEvent):
    @strawberry.field(description="当前课程 The course as it is now; null if not visible.")
    async def course(self, info: Info) -> Course | None:
        found = await resolve_course_by_id(info.context, self.row.entity_id)
        return Course.from_row(found) if found else None


@strawberry.type(
    description="A member studied 学习: finished a session, checked in, took a quiz, or was "
    "credited; heard by who reads learning at their branch, never by other members."
)
class StudyEvent(DomainEvent):
    @strawberry.field(description="本年学习档案 The member's study this year; null if not visible.")
    async def study(self, info: Info) -> StudyRecord | None:
        found = await resolve_study(info.context, self.row.entity_id)
        return StudyRecord.of(found) if found else None


@strawberry.type(
    description="An API key 接口密钥 was created, rotated or revoked; heard by the "
    "administrators of its scope."
)
class ApiKeyEvent(DomainEvent):
    @strawberry.field(
        description="API 密钥 The key as it is now; null if you do not administer it."
    )
    async def api_key(self, info: Info) -> ApiKey | None:
        found = await resolve_key_by_id(info.context, self.row.entity_id)
        return ApiKey.from_row(found) if found else None


@strawberry.type(
    description="An account was disabled or enabled 停用/启用账号; heard by the administrators "
    "of the places it is bound to (`payload` says which account)."
)
class AccountEvent(DomainEvent):
    pass


@strawberry.type(
    description="An upper organisation published its children's star ratings 星级评定公布."
)
class EvaluationEvent(DomainEvent):
    @strawberry.field(
        description="The upper organisation 上级组织; null if not visible.",
        graphql_type=Organization | None,
    )
    @direct  # once per listed event
    def organization(self, info: Info) -> Awaitable[Organization | None] | Organization | None:
        return organization_answer(info.context, self.row.entity_id)


# The GraphQL type of the events about each entity type that clients receive.
EVENT_TYPES: dict[str, type[DomainEvent]] = {
    EntityType.ORGANIZATION: OrganizationEvent,
    EntityType.MEMBER: MemberEvent,
    EntityType.PETITION: PetitionEvent,
    EntityType.STATION: StationEvent,
    EntityType.ACTIVITY: ActivityEvent,
    EntityType.NEED: NeedEvent,
    EntityType.EXCHANGE: ExchangeEvent,
    EntityType.MEETING: MeetingEvent,
    EntityType.DUES: DuesEvent,
    EntityType.TRANSFER: TransferEvent,
    EntityType.COURSE: CourseEvent,
    EntityType.STUDY: StudyEvent,
    EntityType.API_KEY: ApiKeyEvent,
    EntityType.ACCOUNT: AccountEvent,
    EntityType.EVALUATION: EvaluationEvent,
}


def to_event(row: EventRow) -> DomainEvent:
    kind = EVENT_TYPES[row.entity_type]
    return kind(
        row=row,
        cursor=encode_cursor(row.id),
        type=EventType.of(row.type),
        occurred_at=row.occurred_at,
        changes=row.payload.get("changes", {}),
        payload=build_payload(row),
    )
