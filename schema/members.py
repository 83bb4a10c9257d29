"""Member types, queries and mutations."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date, datetime
from typing import Annotated

import strawberry

from db import members as rows
from resolvers import members as resolvers
from resolvers.context import Context
from resolvers.pagination import page_request
from schema.enums import Education, Gender, MemberStatus, Occupation
from schema.info import Info, today
from schema.organizations import TYPE_NAME as ORGANIZATION
from schema.organizations import Organization, page_argument
from schema.relay import INPUT, Connection, Node, build_connection, expect_global_id, to_global_id

TYPE_NAME = "Member"
PERSONAL = (
    "Masked (e.g. 3301**********1234) unless your role may read personal data; "
    "every unmasked read is audited."
)


async def _branch(context: Context, row: rows.MemberRow) -> Organization | None:
    found = await resolvers.resolve_branch(context, row)
    return Organization.from_row(found) if found else None


@strawberry.type(description="A party member 党员, or a person on the way to membership.")
class Member(Node):
    row: strawberry.Private[rows.MemberRow]
    name: str = strawberry.field(description="Name 姓名.")
    gender: Gender = strawberry.field(description="Gender.")
    birth_date: date = strawberry.field(description="Date of birth.")
    ethnicity: str = strawberry.field(description="Ethnicity 民族, e.g. 汉族.")
    education: Education = strawberry.field(description="Highest education.")
    occupation: Occupation = strawberry.field(description="Occupation category.")
    join_date: date | None = strawberry.field(
        description="Day of joining the Party 入党日期; null before probation."
    )
    status: MemberStatus = strawberry.field(description="Stage on the development pipeline.")
    status_changed_at: datetime = strawberry.field(description="When the stage last changed.")
    is_mobile: bool = strawberry.field(description="Mobile member 流动党员.")
    version: int = strawberry.field(description="Increases with every change.")

    @classmethod
    def from_row(cls, row: rows.MemberRow) -> Member:
        return cls(
            row=row,
            id=to_global_id(TYPE_NAME, row.id),
            name=row.name,
            gender=Gender(row.gender.value),
            birth_date=row.birth_date,
            ethnicity=row.ethnicity,
            education=Education(row.education.value),
            occupation=Occupation(row.occupation.value),
            join_date=row.join_date,
            status=MemberStatus(row.status.value),
            status_changed_at=row.status_changed_at,
            is_mobile=row.is_mobile,
            version=row.version,
        )

    @strawberry.field(
        description="The branch the member belongs to 所在支部.", graphql_type=Organization | None
    )
    def branch(self, info: Info) -> Awaitable[Organization | None]:
        # Not `async def`: graphql-core awaits what a plain resolver returns, without the
        # coroutine Strawberry wraps around every async resolver (once per listed member).
        return _branch(info.context, self.row)

    @strawberry.field(description="Community of residence, where the member reports 双报到.")
    async def residence_community(self, info: Info) -> Organization | None:
        found = await resolvers.resolve_residence(info.context, self.row)
        return Organization.from_row(found) if found else None

    @strawberry.field(description="Whether personal data below is shown masked to you.")
    def personal_data_masked(self, info: Info) -> bool:
        return not resolvers.may_read_personal_data(info.context, self.row)

    @strawberry.field(description="Resident ID-card number 身份证号. " + PERSONAL)
    async def id_card_number(self, info: Info) -> str:
        return str(await resolvers.resolve_personal_field(info.context, self.row, "id_card_number"))

    @strawberry.field(description="Mobile phone 手机号. " + PERSONAL)
    async def phone(self, info: Info) -> str:
        return str(await resolvers.resolve_personal_field(info.context, self.row, "phone"))

    @strawberry.field(description="Home address 住址. " + PERSONAL)
    async def address(self, info: Info) -> str | None:
        return await resolvers.resolve_personal_field(info.context, self.row, "address")


@strawberry.input(description="Which members to list.")
class MemberFilter:
    under: strawberry.ID | None = strawberry.field(
        default=None, description="Only members of branches in this organisation's subtree."
    )
    statuses: list[MemberStatus] | None = strawberry.field(
        default=None, description="Only these pipeline stages."
    )
    name_contains: str | None = strawberry.field(
        default=None, description="Only names containing this text."
    )
    is_mobile: bool | None = strawberry.field(
        default=None, description="Only mobile (true) or only settled (false) members."
    )


def _criteria(where: MemberFilter | None) -> resolvers.MemberFilter:
    if where is None:
        return resolvers.MemberFilter()
    return resolvers.MemberFilter(
        under=expect_global_id(where.under, ORGANIZATION, field="under") if where.under else None,
        under_global_id=where.under,
        statuses=[rows.MemberStatus[status.name] for status in where.statuses or ()],
        name_contains=where.name_contains,
        is_mobile=where.is_mobile,
    )


@strawberry.type
class MemberQueries:
    @strawberry.field(description="One member by ID; null if not in your scope.")
    async def member(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Its ID.")]
    ) -> Member | None:
        key = expect_global_id(id, TYPE_NAME, field="id")
        found = await resolvers.resolve_member_by_id(info.context, key)
        return Member.from_row(found) if found else None

    @strawberry.field(description="Members in your scope, in creation order.")
    async def members(
        self,
        info: Info,
        filter: Annotated[
            MemberFilter | None, strawberry.argument(description="Narrow the list.")
        ] = None,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[Member]:
        request = page_request(first=first, after=after, last=last, before=before)
        page, count = await resolvers.resolve_members(info.context, _criteria(filter), request)
        return build_connection(page, Member.from_row, count)


@strawberry.input(description="A new member of a branch.")
class CreateMemberInput:
    branch_id: strawberry.ID = strawberry.field(description="The branch 支部 they belong to.")
    name: str = strawberry.field(description="Name (at most 64 characters).")
    gender: Gender = strawberry.field(description="Gender; must match the ID card.")
    birth_date: date = strawberry.field(description="Date of birth; must match the ID card.")
    ethnicity: str = strawberry.field(description="Ethnicity, e.g. 汉族.")
    education: Education = strawberry.field(description="Highest education.")
    occupation: Occupation = strawberry.field(description="Occupation category.")
    status: MemberStatus = strawberry.field(description="Current pipeline stage.")
    id_card_number: str = strawberry.field(description="18-character ID card (GB 11643).")
    phone: str = strawberry.field(description="11-digit mobile number.")
    join_date: date | None = strawberry.field(
        default=None, description="Required from PROBATIONARY on; after the 18th birthday."
    )
    residence_community_id: strawberry.ID | None = strawberry.field(
        default=None, description="Community of residence."
    )
    is_mobile: bool = strawberry.field(default=False, description="Mobile member 流动党员.")
    address: str | None = strawberry.field(default=None, description="Home address.")


@strawberry.input(description="Changes to a member; omitted fields stay as they are.")
class UpdateMemberInput:
    id: strawberry.ID = strawberry.field(description="The member to change.")
    branch_id: strawberry.ID | None = strawberry.field(default=None, description="New branch.")
    name: str | None = strawberry.field(default=None, description="New name.")
    gender: Gender | None = strawberry.field(default=None, description="Corrected gender.")
    birth_date: date | None = strawberry.field(default=None, description="Corrected birth date.")
    ethnicity: str | None = strawberry.field(default=None, description="New ethnicity.")
    education: Education | None = strawberry.field(default=None, description="New education.")
    occupation: Occupation | None = strawberry.field(default=None, description="New occupation.")
    id_card_number: str | None = strawberry.field(default=None, description="Corrected ID card.")
    phone: str | None = strawberry.field(default=None, description="New phone.")
    join_date: date | None = strawberry.field(default=None, description="Corrected join date.")
    residence_community_id: strawberry.ID | None = strawberry.field(
        default=None, description="New community of residence."
    )
    is_mobile: bool | None = strawberry.field(default=None, description="Mobile or not.")
    address: str | None = strawberry.field(default=None, description="New address.")
    expected_version: int | None = strawberry.field(
        default=None,
        description="The `version` you last read; if the member changed since, CONFLICT.",
    )


@strawberry.input(description="Move a member one step along the development pipeline.")
class ChangeMemberStatusInput:
    id: strawberry.ID = strawberry.field(description="The member.")
    status: MemberStatus = strawberry.field(description="The next stage (one step forward).")
    join_date: date | None = strawberry.field(
        default=None, description="Day of joining; required when the step is to PROBATIONARY."
    )
    expected_version: int | None = strawberry.field(
        default=None,
        description="The `version` you last read; if the member changed since, CONFLICT.",
    )


@strawberry.type(description="The result of a member mutation.")
class MemberPayload:
    member: Member = strawberry.field(description="The member as they are now.")


def _draft(data: CreateMemberInput | UpdateMemberInput) -> resolvers.MemberDraft:
    def organization_key(value: strawberry.ID | None, field: str) -> int | None:
        return expect_global_id(value, ORGANIZATION, field=field) if value else None

    return resolvers.MemberDraft(
        name=data.name,
        gender=rows.Gender[data.gender.name] if data.gender else None,
        birth_date=data.birth_date,
        ethnicity=data.ethnicity,
        education=rows.Education[data.education.name] if data.education else None,
        occupation=rows.Occupation[data.occupation.name] if data.occupation else None,
        join_date=data.join_date,
        status=rows.MemberStatus[data.status.name] if isinstance(data, CreateMemberInput) else None,
        branch_id=organization_key(data.branch_id, "branchId"),
        branch_global_id=data.branch_id,
        residence_community_id=organization_key(
            data.residence_community_id, "residenceCommunityId"
        ),
        residence_global_id=data.residence_community_id,
        is_mobile=data.is_mobile,
        id_card_number=data.id_card_number,
        phone=data.phone,
        address=data.address,
    )


@strawberry.type
class MemberMutations:
    @strawberry.mutation(description="Add a member to a branch (secretaries, administrators).")
    async def create_member(
        self,
        info: Info,
        input: Annotated[CreateMemberInput, INPUT],
    ) -> MemberPayload:
        row = await resolvers.create_member(info.context, _draft(input), today())
        return MemberPayload(member=Member.from_row(row))

    @strawberry.mutation(description="Correct or update a member's profile (not the stage).")
    async def update_member(
        self,
        info: Info,
        input: Annotated[UpdateMemberInput, INPUT],
    ) -> MemberPayload:
        key = expect_global_id(input.id, TYPE_NAME, field="id")
        row = await resolvers.update_member(
            info.context, key, input.id, _draft(input), today(), input.expected_version
        )
        return MemberPayload(member=Member.from_row(row))

    @strawberry.mutation(description="Move a member one legal step along the pipeline.")
    async def change_member_status(
        self,
        info: Info,
        input: Annotated[ChangeMemberStatusInput, INPUT],
    ) -> MemberPayload:
        key = expect_global_id(input.id, TYPE_NAME, field="id")
        row = await resolvers.change_member_status(
            info.context,
            key,
            input.id,
            rows.MemberStatus[input.status.name],
            input.join_date,
            today(),
            input.expected_version,
        )
        return MemberPayload(member=Member.from_row(row))
