"""Member mutations: create, update, and a step along the development pipeline."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from db.members import models as rows
from resolvers.members.status import change_member_status
from resolvers.members.writes import MemberDraft, create_member, update_member
from schema.info import Info, today
from schema.members.enums import Education, Gender, MemberStatus, Occupation
from schema.members.types import TYPE_NAME, Member
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.relay import INPUT, expect_global_id


@strawberry.input(description="新增党员 A new member of a branch.")
class CreateMemberInput:
    branch_id: strawberry.ID = strawberry.field(description="The branch 支部 they belong to.")
    name: str = strawberry.field(description="姓名 Name (at most 64 characters).")
    gender: Gender = strawberry.field(description="性别 Gender; must match the ID card.")
    birth_date: date = strawberry.field(
        description="出生日期 Date of birth; must match the ID card."
    )
    ethnicity: str = strawberry.field(description="Ethnicity, e.g. 汉族.")
    education: Education = strawberry.field(description="学历 Highest education.")
    occupation: Occupation = strawberry.field(description="职业类别 Occupation category.")
    status: MemberStatus = strawberry.field(description="发展阶段 Current pipeline stage.")
    id_card_number: str = strawberry.field(description="身份证号 18-character ID card (GB 11643).")
    phone: str = strawberry.field(description="手机号码 11-digit mobile number.")
    join_date: date | None = strawberry.field(
        default=None, description="入党日期 Required from PROBATIONARY on; after the 18th birthday."
    )
    residence_community_id: strawberry.ID | None = strawberry.field(
        default=None, description="居住社区 Community of residence."
    )
    is_mobile: bool = strawberry.field(default=False, description="Mobile member 流动党员.")
    address: str | None = strawberry.field(default=None, description="家庭住址 Home address.")


@strawberry.input(description="修改党员信息 Changes to a member; omitted fields stay as they are.")
class UpdateMemberInput:
    id: strawberry.ID = strawberry.field(description="党员 The member to change.")
    branch_id: strawberry.ID | None = strawberry.field(
        default=None, description="新所在支部 New branch."
    )
    name: str | None = strawberry.field(default=None, description="名称 New name.")
    gender: Gender | None = strawberry.field(default=None, description="性别 Corrected gender.")
    birth_date: date | None = strawberry.field(
        default=None, description="出生日期 Corrected birth date."
    )
    ethnicity: str | None = strawberry.field(default=None, description="民族 New ethnicity.")
    education: Education | None = strawberry.field(default=None, description="学历 New education.")
    occupation: Occupation | None = strawberry.field(
        default=None, description="职业类别 New occupation."
    )
    id_card_number: str | None = strawberry.field(
        default=None, description="身份证号 Corrected ID card."
    )
    phone: str | None = strawberry.field(default=None, description="手机号码 New phone.")
    join_date: date | None = strawberry.field(
        default=None, description="入党日期 Corrected join date."
    )
    residence_community_id: strawberry.ID | None = strawberry.field(
        default=None, description="居住社区 New community of residence."
    )
    is_mobile: bool | None = strawberry.field(
        default=None, description="是否流动党员 Mobile or not."
    )
    address: str | None = strawberry.field(default=None, description="家庭住址 New address.")
    expected_version: int | None = strawberry.field(
        default=None,
        description="版本 The `version` you last read; if the member changed since, CONFLICT.",
    )


@strawberry.input(description="变更发展阶段 Move a member one step along the development pipeline.")
class ChangeMemberStatusInput:
    id: strawberry.ID = strawberry.field(description="党员 The member.")
    status: MemberStatus = strawberry.field(
        description="下一发展阶段 The next stage (one step forward)."
    )
    join_date: date | None = strawberry.field(
        default=None,
        description="入党日期 Day of joining; required when the step is to PROBATIONARY.",
    )
    expected_version: int | None = strawberry.field(
        default=None,
        description="版本 The `version` you last read; if the member changed since, CONFLICT.",
    )


@strawberry.type(description="党员操作结果 The result of a member mutation.")
class MemberPayload:
    member: Member = strawberry.field(description="当前党员信息 The member as they are now.")


def _draft(data: CreateMemberInput | UpdateMemberInput) -> MemberDraft:
    def organization_key(value: strawberry.ID | None, field: str) -> int | None:
        return expect_global_id(value, ORGANIZATION, field=field) if value else None

    return MemberDraft(
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
    @strawberry.mutation(
        description="新增党员 Add a member to a branch (secretaries, administrators)."
    )
    async def create_member(
        self,
        info: Info,
        input: Annotated[CreateMemberInput, INPUT],
    ) -> MemberPayload:
        row = await create_member(info.context, _draft(input), today())
        return MemberPayload(member=Member.from_row(row))

    @strawberry.mutation(
        description="修改党员信息 Correct or update a member's profile (not the stage)."
    )
    async def update_member(
        self,
        info: Info,
        input: Annotated[UpdateMemberInput, INPUT],
    ) -> MemberPayload:
        key = expect_global_id(input.id, TYPE_NAME, field="id")
        row = await update_member(
            info.context, key, input.id, _draft(input), today(), input.expected_version
        )
        return MemberPayload(member=Member.from_row(row))

    @strawberry.mutation(
        description=(
            "变更发展阶段（已停用） Formerly moved a person one step along the pipeline without "
            "dates; now refuses with the development step to use (BAD_USER_INPUT on `status`)."
        ),
        deprecation_reason=(
            "Use the development steps: admitActivist, admitDevelopmentTarget, "
            "admitProbationary, concludeProbation; to be removed after 2027-06-30."
        ),
    )
    async def change_member_status(
        self,
        info: Info,
        input: Annotated[ChangeMemberStatusInput, INPUT],
    ) -> MemberPayload:
        key = expect_global_id(input.id, TYPE_NAME, field="id")
        row = await change_member_status(
            info.context,
            key,
            input.id,
            rows.MemberStatus[input.status.name],
            input.join_date,
            today(),
            input.expected_version,
        )
        return MemberPayload(member=Member.from_row(row))
