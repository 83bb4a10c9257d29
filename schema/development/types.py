"""Types of the development pipeline: a person's record, trainings, timeline, the funnel and
the workflow table."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date, datetime
from typing import Annotated

import strawberry

from db.development.queries import StepRecord, TrainingRecord
from resolvers.context import Context
from resolvers.development.funnel import Due, StageFigures
from resolvers.development.reads import (
    Development,
    resolve_contacts,
    resolve_timeline,
    resolve_trainings,
)
from resolvers.members.reads import resolve_member_by_id
from resolvers.pagination import page_request
from schema.development.enums import DevelopmentAction
from schema.info import Info
from schema.members.enums import MemberStatus
from schema.members.types import Member
from schema.plain_fields import direct
from schema.relay import Connection, build_connection, page_argument


@strawberry.type(description="A training record 培训记录 of an activist or development target.")
class DevelopmentTraining:
    held_on: date = strawberry.field(description="培训日期 Day of the training.")
    topic: str = strawberry.field(description="Topic 培训内容.")
    hours: int = strawberry.field(description="Class hours 学时.")

    @classmethod
    def from_row(cls, row: TrainingRecord) -> DevelopmentTraining:
        return cls(held_on=row.held_on, topic=row.topic, hours=row.hours)


@strawberry.type(description="One step on a person's development timeline 发展纪实 (全过程留痕).")
class DevelopmentStep:
    action: DevelopmentAction = strawberry.field(description="操作 What was done.")
    from_status: MemberStatus = strawberry.field(description="原阶段 Stage before the step.")
    to_status: MemberStatus = strawberry.field(description="新阶段 Stage after the step.")
    effective_on: date = strawberry.field(description="生效日期 The day it took effect.")
    actor_name: str | None = strawberry.field(description="操作人 Who recorded it (display name).")
    recorded_at: datetime = strawberry.field(description="记录时间 When it was recorded.")
    note: str | None = strawberry.field(description="备注 Note: votes, review, training, reason.")

    @classmethod
    def from_row(cls, row: StepRecord) -> DevelopmentStep:
        return cls(
            action=DevelopmentAction(row.action.value),
            from_status=MemberStatus(row.from_status),
            to_status=MemberStatus(row.to_status),
            effective_on=row.effective_on,
            actor_name=row.actor_name,
            recorded_at=row.recorded_at,
            note=row.note,
        )


@strawberry.type(description="A person's development record 党员发展档案: dates, votes, contacts.")
class MemberDevelopment:
    row: strawberry.Private[Development]
    applied_on: date | None = strawberry.field(description="Application date 入党申请日期.")
    activist_since: date | None = strawberry.field(description="Activist from 确定为积极分子.")
    target_since: date | None = strawberry.field(
        description="Development target from 列为发展对象."
    )
    political_review_on: date | None = strawberry.field(description="Political review 政治审查.")
    political_review_conclusion: str | None = strawberry.field(
        description="The political review's conclusion 政审结论."
    )
    vote_on: date | None = strawberry.field(description="Branch meeting's vote 支部大会表决.")
    votes_for: int | None = strawberry.field(description="Votes for 赞成.")
    votes_against: int | None = strawberry.field(description="Votes against 反对.")
    votes_abstain: int | None = strawberry.field(description="Abstentions 弃权.")
    approved_on: date | None = strawberry.field(
        description="Higher committee's approval 上级党委审批."
    )
    probation_since: date | None = strawberry.field(description="Probation from 预备期起.")
    probation_ends_on: date | None = strawberry.field(
        description="Probation ends 预备期满 (a year from the vote, later if extended)."
    )
    probation_extended: bool = strawberry.field(
        description="是否延长预备期 Whether probation was extended."
    )
    full_since: date | None = strawberry.field(description="Full member from 转正日期.")
    cancelled_on: date | None = strawberry.field(
        description="Qualification cancelled on 取消资格日期."
    )

    @classmethod
    def from_development(cls, development: Development) -> MemberDevelopment:
        record = development.record
        return cls(
            row=development,
            applied_on=record.applied_on,
            activist_since=record.activist_since,
            target_since=record.target_since,
            political_review_on=record.political_review_on,
            political_review_conclusion=record.political_review_conclusion,
            vote_on=record.vote_on,
            votes_for=record.votes_for,
            votes_against=record.votes_against,
            votes_abstain=record.votes_abstain,
            approved_on=record.approved_on,
            probation_since=record.probation_since,
            probation_ends_on=record.probation_ends_on,
            probation_extended=record.probation_extended,
            full_since=record.full_since,
            cancelled_on=record.cancelled_on,
        )

    @strawberry.field(description="人员 The person.")
    def member(self) -> Member:
        return Member.from_row(self.row.member)

    @strawberry.field(description="Their two contacts 培养联系人 (full members you may see).")
    async def contacts(self, info: Info) -> list[Member]:
        found = await resolve_contacts(info.context, self.row.member.id)
        return [Member.from_row(row) for row in found]

    @strawberry.field(description="Their training records 培训记录, oldest first.")
    async def trainings(self, info: Info) -> list[DevelopmentTraining]:
        found = await resolve_trainings(info.context, self.row.member.id)
        return [DevelopmentTraining.from_row(row) for row in found]

    @strawberry.field(description="Every step taken 发展纪实, in the order recorded.")
    async def timeline(
        self,
        info: Info,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[DevelopmentStep]:
        request = page_request(first=first, after=after, last=last, before=before)
        page, count = await resolve_timeline(info.context, self.row.member.id, request)
        return build_connection(page, DevelopmentStep.from_row, count)


@strawberry.type(description="One stage of the development funnel 发展漏斗.")
class FunnelStage:
    status: MemberStatus = strawberry.field(description="发展阶段 The stage.")
    count: int = strawberry.field(description="人数 People at this stage in the subtree.")
    median_days_in_stage: float | None = strawberry.field(
        description="停留天数中位数 Median days since they entered the stage; null when nobody is "
        "at it."
    )
    due_this_month: int = strawberry.field(
        description=(
            "本月到期人数 People whose next step becomes possible by the end of this month, or "
            "already is (activists after a year, probationary members at the end of probation); 0 "
            "for the stages without a minimum duration."
        )
    )

    @classmethod
    def from_figures(cls, figures: StageFigures) -> FunnelStage:
        return cls(
            status=MemberStatus(figures.status.value),
            count=figures.count,
            median_days_in_stage=figures.median_days,
            due_this_month=figures.due_this_month,
        )


@strawberry.type(description="A person due for the next development step 待办发展.")
class DueForNextStep:
    row: strawberry.Private[Due]
    status: MemberStatus = strawberry.field(description="当前阶段 Their stage now.")
    possible_from: date = strawberry.field(
        description="最早可办日期 The first day the next step is possible."
    )

    # The person, when the funnel read them with its page: (None,) outside the viewer's scope.
    known: strawberry.Private[tuple[Member | None] | None] = None

    @strawberry.field(
        description="人员 The person (null if outside your scope).", graphql_type=Member | None
    )
    @direct  # once per person due
    def member(self, info: Info) -> Awaitable[Member | None] | Member | None:
        if self.known is not None:
            return self.known[0]
        return _member(info.context, self.row.member_id)


async def _member(context: Context, member_id: int) -> Member | None:
    found = await resolve_member_by_id(context, member_id)
    return Member.from_row(found) if found else None


@strawberry.type(description="The development funnel 发展漏斗 of a subtree.")
class DevelopmentFunnel:
    as_of: date = strawberry.field(description="统计日期 The day it was computed for (China time).")
    stages: list[FunnelStage] = strawberry.field(
        description="各发展阶段 APPLICANT, ACTIVIST, DEVELOPMENT_TARGET and PROBATIONARY, in that "
        "order."
    )
    due: list[DueForNextStep] = strawberry.field(
        description="本月待办发展 Who is due for the next step this month, earliest first (at most "
        "100)."
    )


@strawberry.type(description="One row of the development workflow table 党员发展流程.")
class DevelopmentTransition:
    from_status: MemberStatus = strawberry.field(
        description="原阶段 The stage the step starts from."
    )
    action: DevelopmentAction = strawberry.field(description="发展环节 The step.")
    to_status: MemberStatus = strawberry.field(description="新阶段 The stage after it.")
    mutation: str = strawberry.field(description="对应操作 The mutation that takes it.")
    role: str = strawberry.field(
        description="所需权限 Who may take it: the permission, held on the person's branch."
    )
