"""Mutations of members elsewhere: a mobile member's whereabouts 流动党员, and registering
with the community one lives in 双报到."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from resolvers.mobility.registrations import (
    end_community_registration,
    register_with_community,
)
from resolvers.mobility.writes import WhereaboutsDraft, clear_whereabouts, set_whereabouts
from schema.info import Info
from schema.members.types import TYPE_NAME as MEMBER
from schema.mobility.types import REGISTRATION, CommunityRegistration, MemberMobility
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.relay import INPUT, expect_global_id

VERSION = "版本 The `version` you last read; if it changed since, CONFLICT."


@strawberry.input(
    description="Mark a Party member mobile 流动党员 with where they are now, or change where "
    "they are (their branch secretary; the member themself once marked)."
)
class SetMemberWhereaboutsInput:
    member_id: strawberry.ID = strawberry.field(description="The member 党员.")
    whereabouts: str = strawberry.field(
        description="Where they are now 流动去向: city, employer or address (at most 200 "
        "characters)."
    )
    organization_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The party organisation they take part in there 流入地党组织, if any.",
    )
    since: date | None = strawberry.field(
        default=None, description="There since 外出日期 (default today; not in the future)."
    )
    note: str | None = strawberry.field(default=None, description="Note 备注 (at most 200).")
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="A mobile member is back 返回: no longer mobile (their secretary).")
class ClearMemberMobilityInput:
    member_id: strawberry.ID = strawberry.field(description="The member 党员.")
    on: date | None = strawberry.field(
        default=None, description="返回日期 Back on (default today; not in the future)."
    )
    note: str | None = strawberry.field(default=None, description="Note 备注 (at most 200).")
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.type(description="流动党员登记结果 The result of a change of mobility.")
class MemberMobilityPayload:
    mobility: MemberMobility = strawberry.field(
        description="当前流动情况 The member's mobility now."
    )


@strawberry.input(
    description="Register a Party member with the community they live in 双报到 (the member "
    "themself, or their branch secretary). Their relation stays in their own branch."
)
class RegisterWithCommunityInput:
    member_id: strawberry.ID = strawberry.field(description="The member 党员.")
    community_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The community 社区 (default: the member's residence community).",
    )
    on: date | None = strawberry.field(
        default=None, description="Registered on 报到日期 (default today; not in the future)."
    )
    note: str | None = strawberry.field(default=None, description="Note 备注 (at most 200).")


@strawberry.input(
    description="End a registration 结束双报到 (the member, their branch secretary or the "
    "community's secretary)."
)
class EndCommunityRegistrationInput:
    id: strawberry.ID = strawberry.field(description="双报到记录 The registration.")
    reason: str = strawberry.field(description="Why 原因 (at most 200 characters).")
    on: date | None = strawberry.field(
        default=None, description="结束日期 Ended on (default today; not before it began)."
    )
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.type(description="双报到操作结果 The result of a registration step.")
class CommunityRegistrationPayload:
    registration: CommunityRegistration = strawberry.field(
        description="当前双报到记录 The registration now."
    )


@strawberry.type
class MobilityMutations:
    @strawberry.mutation(
        description="Mark a Party member mobile 流动党员 with where they are now, or update their "
        "whereabouts; on their mobility timeline."
    )
    async def set_member_whereabouts(
        self, info: Info, input: Annotated[SetMemberWhereaboutsInput, INPUT]
    ) -> MemberMobilityPayload:
        organization = input.organization_id
        draft = WhereaboutsDraft(
            whereabouts=input.whereabouts,
            organization_id=(
                expect_global_id(organization, ORGANIZATION, field="organizationId")
                if organization
                else None
            ),
            organization_global_id=organization,
            since=input.since,
            note=input.note,
            expected_version=input.expected_version,
        )
        key = expect_global_id(input.member_id, MEMBER, field="memberId")
        found = await set_whereabouts(info.context, key, input.member_id, draft)
        return MemberMobilityPayload(mobility=MemberMobility.of(found))

    @strawberry.mutation(
        description="A mobile member is back 返回: clear the mark; on their mobility timeline."
    )
    async def clear_member_mobility(
        self, info: Info, input: Annotated[ClearMemberMobilityInput, INPUT]
    ) -> MemberMobilityPayload:
        key = expect_global_id(input.member_id, MEMBER, field="memberId")
        found = await clear_whereabouts(
            info.context, key, input.member_id, input.on, input.note, input.expected_version
        )
        return MemberMobilityPayload(mobility=MemberMobility.of(found))

    @strawberry.mutation(
        description="Register a Party member with the community they live in 双报到; at most "
        "one registration is active per member."
    )
    async def register_with_community(
        self, info: Info, input: Annotated[RegisterWithCommunityInput, INPUT]
    ) -> CommunityRegistrationPayload:
        community = input.community_id
        found = await register_with_community(
            info.context,
            expect_global_id(input.member_id, MEMBER, field="memberId"),
            input.member_id,
            expect_global_id(community, ORGANIZATION, field="communityId") if community else None,
            community,
            input.on,
            input.note,
        )
        return CommunityRegistrationPayload(registration=CommunityRegistration.from_row(found))

    @strawberry.mutation(description="End a registration with a community 结束双报到.")
    async def end_community_registration(
        self, info: Info, input: Annotated[EndCommunityRegistrationInput, INPUT]
    ) -> CommunityRegistrationPayload:
        found = await end_community_registration(
            info.context,
            expect_global_id(input.id, REGISTRATION, field="id"),
            input.id,
            input.reason,
            input.on,
            input.expected_version,
        )
        return CommunityRegistrationPayload(registration=CommunityRegistration.from_row(found))
