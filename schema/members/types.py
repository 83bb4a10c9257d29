"""The party member type."""

from __future__ import annotations

from collections.abc import Awaitable, Iterable, Sequence
from datetime import date, datetime

import strawberry

from db.members import models as rows
from db.members.queries import MemberRecord
from db.records import record_of
from resolvers.context import Context
from resolvers.members.personal_data import may_read_personal_data, resolve_personal_field
from resolvers.members.reads import resolve_member_by_id, resolve_members_by_ids
from schema.answers import answer_all, shared_answer
from schema.enum_members import by_value
from schema.info import Info
from schema.members.enums import Education, Gender, MemberStatus, Occupation
from schema.organizations.types import Organization, answer_organizations, organization_answer
from schema.plain_fields import direct
from schema.relay import Node, to_global_id
from schema.selections import selects_listed

TYPE_NAME = "Member"


_GENDER = by_value(rows.Gender, Gender)
_EDUCATION = by_value(rows.Education, Education)
_OCCUPATION = by_value(rows.Occupation, Occupation)
_STATUS = by_value(rows.MemberStatus, MemberStatus)

PERSONAL = (
    "Masked (e.g. 3301**********1234) unless your role may read personal data; "
    "every unmasked read is audited."
)


@strawberry.type(description="A party member 党员, or a person on the way to membership.")
class Member(Node):
    row: strawberry.Private[MemberRecord]
    name: str = strawberry.field(description="Name 姓名.")
    gender: Gender = strawberry.field(description="性别 Gender.")
    birth_date: date = strawberry.field(description="出生日期 Date of birth.")
    ethnicity: str = strawberry.field(description="Ethnicity 民族, e.g. 汉族.")
    education: Education = strawberry.field(description="学历 Highest education.")
    occupation: Occupation = strawberry.field(description="职业类别 Occupation category.")
    join_date: date | None = strawberry.field(
        description="Day of joining the Party 入党日期; null before probation."
    )
    status: MemberStatus = strawberry.field(
        description="发展阶段 Stage on the development pipeline."
    )
    status_changed_at: datetime = strawberry.field(
        description="阶段变更时间 When the stage last changed."
    )
    is_mobile: bool = strawberry.field(description="Mobile member 流动党员.")
    version: int = strawberry.field(description="版本 Increases with every change.")

    @classmethod
    def from_row(cls, row: MemberRecord | rows.MemberRow) -> Member:
        if isinstance(row, rows.MemberRow):  # as a write path has just written it
            row = record_of(MemberRecord, row)
        return cls(
            row=row,
            id=to_global_id(TYPE_NAME, row.id),
            name=row.name,
            gender=_GENDER[row.gender],
            birth_date=row.birth_date,
            ethnicity=row.ethnicity,
            education=_EDUCATION[row.education],
            occupation=_OCCUPATION[row.occupation],
            join_date=row.join_date,
            status=_STATUS[row.status],
            status_changed_at=row.status_changed_at,
            is_mobile=row.is_mobile,
            version=row.version,
        )

    @strawberry.field(
        description="The branch the member belongs to 所在支部.", graphql_type=Organization | None
    )
    @direct  # once per listed member
    def branch(self, info: Info) -> Awaitable[Organization | None] | Organization | None:
        return organization_answer(info.context, self.row.branch_id)

    @strawberry.field(
        description="Community of residence, where the member reports 双报到.",
        graphql_type=Organization | None,
    )
    @direct  # once per listed member
    def residence_community(
        self, info: Info
    ) -> Awaitable[Organization | None] | Organization | None:
        community_id = self.row.residence_community_id
        return None if community_id is None else organization_answer(info.context, community_id)

    @strawberry.field(description="是否脱敏 Whether personal data below is shown masked to you.")
    def personal_data_masked(self, info: Info) -> bool:
        return not may_read_personal_data(info.context, self.row)

    @strawberry.field(description="Resident ID-card number 身份证号. " + PERSONAL)
    async def id_card_number(self, info: Info) -> str:
        return str(await resolve_personal_field(info.context, self.row, "id_card_number"))

    @strawberry.field(description="Mobile phone 手机号. " + PERSONAL)
    async def phone(self, info: Info) -> str:
        return str(await resolve_personal_field(info.context, self.row, "phone"))

    @strawberry.field(description="Home address 住址. " + PERSONAL)
    async def address(self, info: Info) -> str | None:
        return await resolve_personal_field(info.context, self.row, "address")


async def answer_named_organizations(info: Info, members: Sequence[MemberRecord]) -> None:
    """A page of members answers the organisations its rows' `branch` and
    `residenceCommunity` name, when the query asks for them, before its rows are completed
    (`answer_organizations`)."""
    wanted: list[int] = []
    if selects_listed(info, "branch"):
        wanted += [member.branch_id for member in members]
    if selects_listed(info, "residenceCommunity"):
        wanted += [m.residence_community_id for m in members if m.residence_community_id]
    if wanted:
        await answer_organizations(info.context, wanted)


async def _answer(context: Context, member_id: int) -> Member | None:
    found = await resolve_member_by_id(context, member_id)
    return Member.from_row(found) if found else None


async def _answer_many(context: Context, member_ids: list[int]) -> list[Member | None]:
    found = await resolve_members_by_ids(context, member_ids)
    return [Member.from_row(row) if row else None for row in found]


def _answers(context: Context) -> dict[int, object] | None:
    loaders = context.loaders.members
    return loaders.answers if loaders.cache else None


def member_answer(context: Context, member_id: int) -> Awaitable[Member | None] | Member | None:
    """The member a row names (a transfer's, an account in arrears), as a field answers it:
    None unless it exists and the viewer may read it (`resolve_member_by_id`); read, checked
    and built once per request (schema/answers.py). One answered with its page is returned at
    once."""
    known = context.loaders.members.answers.get(member_id)
    if type(known) is Member:
        return known
    return shared_answer(_answers(context), member_id, lambda key: _answer(context, key))


async def answer_members(context: Context, member_ids: Iterable[int]) -> None:
    """Answer the members a page's rows name before graphql-core completes the rows, in one
    batch (schema/answers.py `answer_all`)."""
    await answer_all(_answers(context), member_ids, lambda keys: _answer_many(context, keys))
