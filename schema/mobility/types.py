"""Types of members elsewhere: a member's mobility 流动党员 with its timeline, and a
registration with a community 双报到 with its timeline."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date, datetime
from typing import Annotated

import strawberry

from db.mobility import models as rows
from db.mobility.queries import ListedRegistration, MobilityStepRecord, RegistrationStepRecord
from resolvers.context import Context
from resolvers.mobility.reads import (
    Mobility,
    resolve_mobility_timeline,
    resolve_registration_timeline,
)
from resolvers.pagination import page_request
from schema.enum_members import by_value
from schema.info import Info
from schema.members.types import Member
from schema.mobility.enums import MobilityAction, RegistrationAction
from schema.organizations.types import Organization, organization_answer
from schema.plain_fields import direct
from schema.relay import Connection, Node, build_connection, page_argument, to_global_id

REGISTRATION = "CommunityRegistration"
_MOBILITY = by_value(rows.MobilityAction, MobilityAction)
_REGISTRATION = by_value(rows.RegistrationAction, RegistrationAction)


async def _organization_name(context: Context, organization_id: int | None) -> str | None:
    if organization_id is None:
        return None
    found = await context.loaders.organizations.by_id.load(organization_id)
    return found.name if found else None


@strawberry.type(description="One step of a mobile member's record 流动党员记录.")
class MobilityStep:
    action: MobilityAction = strawberry.field(description="操作 What was done.")
    whereabouts: str | None = strawberry.field(description="Where they were then 去向.")
    effective_on: date = strawberry.field(description="生效日期 The day it took effect.")
    actor_name: str | None = strawberry.field(description="操作人 Who recorded it (display name).")
    recorded_at: datetime = strawberry.field(description="记录时间 When it was recorded.")
    note: str | None = strawberry.field(description="Note 备注.")

    @classmethod
    def from_row(cls, row: MobilityStepRecord) -> MobilityStep:
        return cls(
            action=_MOBILITY[row.action],
            whereabouts=row.whereabouts,
            effective_on=row.effective_on,
            actor_name=row.actor_name,
            recorded_at=row.recorded_at,
            note=row.note,
        )


@strawberry.type(
    description="A member's mobility 流动党员: whether they are away from their branch, where they "
    "are now, and the history."
)
class MemberMobility:
    row: strawberry.Private[Mobility]
    is_mobile: bool = strawberry.field(description="A mobile member 流动党员 now.")
    whereabouts: str | None = strawberry.field(
        description="Where they are now 流动去向 (city, employer, address); null when not recorded."
    )
    since: date | None = strawberry.field(description="There since 外出日期.")
    version: int | None = strawberry.field(
        description="版本 Increases with every change of the whereabouts; pass it as "
        "`expectedVersion`. Null when none are recorded."
    )

    @classmethod
    def of(cls, row: Mobility) -> MemberMobility:
        # whereabouts of a member whose flag was cleared apart (updateMember) are not shown
        where = row.whereabouts if row.member.is_mobile else None
        return cls(
            row=Mobility(row.member, where),
            is_mobile=row.member.is_mobile,
            whereabouts=where.whereabouts if where else None,
            since=where.since if where else None,
            version=where.version if where else None,
        )

    @strawberry.field(description="The member 党员.")
    @direct  # once per listed member
    def member(self) -> Member:
        return Member.from_row(self.row.member)

    @strawberry.field(
        description="The party organisation they take part in there 流入地党组织, if recorded "
        "and in your scope.",
        graphql_type=Organization | None,
    )
    @direct  # once per listed member
    def organization(self, info: Info) -> Awaitable[Organization | None] | Organization | None:
        where = self.row.whereabouts
        if where is None or where.organization_id is None:
            return None
        return organization_answer(info.context, where.organization_id)

    @strawberry.field(description="组织名称 That organisation's name, wherever it is.")
    async def organization_name(self, info: Info) -> str | None:
        where = self.row.whereabouts
        return await _organization_name(info.context, where.organization_id if where else None)

    @strawberry.field(description="Every mark, move and return, in order 全过程留痕.")
    async def timeline(
        self,
        info: Info,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[MobilityStep]:
        request = page_request(first=first, after=after, last=last, before=before)
        page, count = await resolve_mobility_timeline(info.context, self.row.member.id, request)
        return build_connection(page, MobilityStep.from_row, count)


@strawberry.type(description="One step of a registration 双报到记录.")
class RegistrationStep:
    action: RegistrationAction = strawberry.field(description="操作 What was done.")
    effective_on: date = strawberry.field(description="生效日期 The day it took effect.")
    actor_name: str | None = strawberry.field(description="操作人 Who recorded it (display name).")
    recorded_at: datetime = strawberry.field(description="记录时间 When it was recorded.")
    note: str | None = strawberry.field(description="Note, or why it ended 备注.")

    @classmethod
    def from_row(cls, row: RegistrationStepRecord) -> RegistrationStep:
        return cls(
            action=_REGISTRATION[row.action],
            effective_on=row.effective_on,
            actor_name=row.actor_name,
            recorded_at=row.recorded_at,
            note=row.note,
        )


@strawberry.type(
    description="A member's registration with the community they live in 双报到: they appear "
    "in its lists as registered, not as its own member (its member figures do not count them)."
)
class CommunityRegistration(Node):
    row: strawberry.Private[ListedRegistration]
    active: bool = strawberry.field(description="是否有效 Registered now (not ended).")
    registered_on: date = strawberry.field(description="Registered on 报到日期.")
    ended_on: date | None = strawberry.field(description="Ended on 结束日期.")
    end_reason: str | None = strawberry.field(description="Why it ended 结束原因.")
    version: int = strawberry.field(description="版本 Increases with every change.")

    @classmethod
    def from_row(cls, row: ListedRegistration) -> CommunityRegistration:
        record = row.registration
        return cls(
            row=row,
            id=to_global_id(REGISTRATION, record.id),
            active=bool(record.active),
            registered_on=record.registered_on,
            ended_on=record.ended_on,
            end_reason=record.end_reason,
            version=record.version,
        )

    @strawberry.field(
        description="The member 党员 (their branch stays their own: its details follow your "
        "scope there, personal data masked unless your role may read it where they belong)."
    )
    @direct  # once per listed registration
    def member(self) -> Member:
        return Member.from_row(self.row.member)

    @strawberry.field(
        description="The community 社区, if in your scope.", graphql_type=Organization | None
    )
    @direct  # once per listed registration
    def community(self, info: Info) -> Awaitable[Organization | None] | Organization | None:
        return organization_answer(info.context, self.row.registration.community_id)

    @strawberry.field(description="社区名称 The community's name, wherever it is.")
    async def community_name(self, info: Info) -> str:
        return await _organization_name(info.context, self.row.registration.community_id) or ""

    @strawberry.field(description="Registration and its end, in order 全过程留痕.")
    async def timeline(
        self,
        info: Info,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[RegistrationStep]:
        request = page_request(first=first, after=after, last=last, before=before)
        page, count = await resolve_registration_timeline(
            info.context, self.row.registration.id, request
        )
        return build_connection(page, RegistrationStep.from_row, count)
