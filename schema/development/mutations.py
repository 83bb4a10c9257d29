"""Development mutations: one per step of the pipeline 党员发展, each held to its guards."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from db.development.models import DevelopmentAction as Action
from resolvers.development import steps
from schema.development.enums import ProbationDecision
from schema.info import Info, today
from schema.members.types import TYPE_NAME as MEMBER
from schema.members.types import Member
from schema.relay import INPUT, expect_global_id

DECISIONS = {
    ProbationDecision.CONFIRM: Action.CONFIRMED_FULL,
    ProbationDecision.EXTEND: Action.PROBATION_EXTENDED,
    ProbationDecision.CANCEL: Action.QUALIFICATION_CANCELLED,
}
VERSION = "版本 The person's `version` you last read; if they changed since, CONFLICT."


@strawberry.type(description="党员发展操作结果 The result of a development step.")
class DevelopmentPayload:
    member: Member = strawberry.field(description="当前人员信息 The person as they are now.")


@strawberry.input(description="Record an applicant's application date 入党申请日期.")
class RecordDevelopmentApplicationInput:
    member_id: strawberry.ID = strawberry.field(description="入党申请人 The applicant.")
    applied_on: date = strawberry.field(
        description="入党申请日期 Day the written application was handed in; from the 18th "
        "birthday."
    )
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="Make an applicant an activist 确定为入党积极分子.")
class AdmitActivistInput:
    member_id: strawberry.ID = strawberry.field(description="入党申请人 The applicant.")
    on: date = strawberry.field(
        description="确定为入党积极分子日期 Activist from this day; not before the application."
    )
    contact_ids: list[strawberry.ID] = strawberry.field(
        description="Exactly two full members as contacts 培养联系人."
    )
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="Add a training record 培训记录 (activists, development targets).")
class RecordDevelopmentTrainingInput:
    member_id: strawberry.ID = strawberry.field(
        description="入党积极分子或发展对象 The activist or target."
    )
    held_on: date = strawberry.field(
        description="培训日期 Day of the training; not before the activist date."
    )
    topic: str = strawberry.field(description="培训内容 Topic (at most 100 characters).")
    hours: int = strawberry.field(description="Class hours 学时, 1 to 200.")
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="Make an activist a development target 列为发展对象.")
class AdmitDevelopmentTargetInput:
    member_id: strawberry.ID = strawberry.field(description="入党积极分子 The activist.")
    on: date = strawberry.field(
        description="列为发展对象日期 Target from this day: at least a year after the activist "
        "date."
    )
    political_review_on: date = strawberry.field(
        description="Day of the political review 政治审查, by `on`."
    )
    political_review_conclusion: str = strawberry.field(
        description="Its conclusion 政审结论 (at most 200 characters)."
    )
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="Admit a development target as a probationary member 接收预备党员.")
class AdmitProbationaryInput:
    member_id: strawberry.ID = strawberry.field(description="发展对象 The development target.")
    vote_on: date = strawberry.field(
        description=(
            "Day of the branch meeting's vote 支部大会; a full year after the activist date at "
            "the earliest. Probation (and the join date) count from it."
        )
    )
    votes_for: int = strawberry.field(description="Votes for 赞成; more than half of those cast.")
    votes_against: int = strawberry.field(description="Votes against 反对.")
    votes_abstain: int = strawberry.field(description="Abstentions 弃权.")
    approved_on: date = strawberry.field(
        description="Higher committee's approval 上级党委审批, within 3 months of the vote."
    )
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="Decide at the end of probation 预备期满: confirm, extend or cancel.")
class ConcludeProbationInput:
    member_id: strawberry.ID = strawberry.field(description="预备党员 The probationary member.")
    decision: ProbationDecision = strawberry.field(description="支部决定 What the branch decided.")
    on: date = strawberry.field(
        description="决定日期 Day of the decision; confirming or extending from the end of "
        "probation."
    )
    extend_months: int | None = strawberry.field(
        default=None, description="延长预备期月数 For EXTEND: 6 to 12 months (once only)."
    )
    reason: str | None = strawberry.field(
        default=None, description="原因 Required for CANCEL; a note otherwise (at most 200)."
    )
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


def _member(global_id: strawberry.ID) -> int:
    return expect_global_id(global_id, MEMBER, field="memberId")


@strawberry.type
class DevelopmentMutations:
    @strawberry.mutation(description="Record an applicant's application date 入党申请.")
    async def record_development_application(
        self, info: Info, input: Annotated[RecordDevelopmentApplicationInput, INPUT]
    ) -> DevelopmentPayload:
        row = await steps.record_application(
            info.context,
            _member(input.member_id),
            input.member_id,
            input.applied_on,
            today(),
            input.expected_version,
        )
        return DevelopmentPayload(member=Member.from_row(row))

    @strawberry.mutation(
        description="确定为入党积极分子 Make an applicant an activist, with two contacts."
    )
    async def admit_activist(
        self, info: Info, input: Annotated[AdmitActivistInput, INPUT]
    ) -> DevelopmentPayload:
        contacts = [
            (expect_global_id(key, MEMBER, field="contactIds"), str(key))
            for key in input.contact_ids
        ]
        row = await steps.admit_activist(
            info.context,
            _member(input.member_id),
            input.member_id,
            input.on,
            contacts,
            today(),
            input.expected_version,
        )
        return DevelopmentPayload(member=Member.from_row(row))

    @strawberry.mutation(description="登记培训记录 Add a training record of an activist or target.")
    async def record_development_training(
        self, info: Info, input: Annotated[RecordDevelopmentTrainingInput, INPUT]
    ) -> DevelopmentPayload:
        row = await steps.record_training(
            info.context,
            _member(input.member_id),
            input.member_id,
            input.held_on,
            input.topic,
            input.hours,
            today(),
            input.expected_version,
        )
        return DevelopmentPayload(member=Member.from_row(row))

    @strawberry.mutation(
        description="列为发展对象 Make an activist of a year or more a development target."
    )
    async def admit_development_target(
        self, info: Info, input: Annotated[AdmitDevelopmentTargetInput, INPUT]
    ) -> DevelopmentPayload:
        row = await steps.admit_target(
            info.context,
            _member(input.member_id),
            input.member_id,
            input.on,
            input.political_review_on,
            input.political_review_conclusion,
            today(),
            input.expected_version,
        )
        return DevelopmentPayload(member=Member.from_row(row))

    @strawberry.mutation(
        description="接收为预备党员 Admit a development target on the branch meeting's vote."
    )
    async def admit_probationary(
        self, info: Info, input: Annotated[AdmitProbationaryInput, INPUT]
    ) -> DevelopmentPayload:
        vote = steps.Vote(
            input.vote_on,
            input.votes_for,
            input.votes_against,
            input.votes_abstain,
            input.approved_on,
        )
        row = await steps.admit_probationary(
            info.context,
            _member(input.member_id),
            input.member_id,
            vote,
            today(),
            input.expected_version,
        )
        return DevelopmentPayload(member=Member.from_row(row))

    @strawberry.mutation(
        description="预备期满处理 Confirm, extend or cancel at the end of probation."
    )
    async def conclude_probation(
        self, info: Info, input: Annotated[ConcludeProbationInput, INPUT]
    ) -> DevelopmentPayload:
        row = await steps.conclude_probation(
            info.context,
            _member(input.member_id),
            input.member_id,
            DECISIONS[input.decision],
            input.on,
            input.extend_months,
            input.reason,
            today(),
            input.expected_version,
        )
        return DevelopmentPayload(member=Member.from_row(row))
