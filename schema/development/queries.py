"""Development queries: a person's record and timeline, a subtree's funnel, the workflow."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.development.reads import resolve_development, resolve_funnel
from resolvers.development.steps import MUTATION_OF
from resolvers.development.workflow import STEP_PERMISSION, WORKFLOW
from resolvers.members.reads import resolve_members_by_ids
from schema.development.enums import DevelopmentAction
from schema.development.types import (
    DevelopmentFunnel,
    DevelopmentTransition,
    DueForNextStep,
    FunnelStage,
    MemberDevelopment,
)
from schema.info import Info, today
from schema.members.enums import MemberStatus
from schema.members.types import TYPE_NAME as MEMBER
from schema.members.types import Member
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.relay import expect_global_id
from schema.selections import selects

DUE_SHOWN = 100


@strawberry.type
class DevelopmentQueries:
    @strawberry.field(
        description="A person's development record 党员发展档案; null if not in your scope."
    )
    async def member_development(
        self,
        info: Info,
        member_id: Annotated[strawberry.ID, strawberry.argument(description="人员 The person.")],
    ) -> MemberDevelopment | None:
        key = expect_global_id(member_id, MEMBER, field="memberId")
        found = await resolve_development(info.context, key)
        return MemberDevelopment.from_development(found) if found else None

    @strawberry.field(
        description=(
            "The development funnel 发展漏斗 of your scope, or of a subtree in it: people per "
            "stage, median days in stage, who is due for the next step this month."
        )
    )
    async def development_funnel(
        self,
        info: Info,
        under: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="组织范围 Only this organisation's subtree."),
        ] = None,
    ) -> DevelopmentFunnel:
        key = expect_global_id(under, ORGANIZATION, field="under") if under else None
        found = await resolve_funnel(info.context, key, under, today())
        shown = found.due[:DUE_SHOWN]
        due = [
            DueForNextStep(
                row=item, status=MemberStatus(item.status.value), possible_from=item.possible_from
            )
            for item in shown
        ]
        if selects(info, "due", "member"):  # the people, read with the list, not one by one
            people = await resolve_members_by_ids(info.context, [item.member_id for item in shown])
            for answer, person in zip(due, people, strict=True):
                answer.known = (Member.from_row(person) if person else None,)
        return DevelopmentFunnel(
            as_of=found.as_of,
            stages=[FunnelStage.from_figures(stage) for stage in found.stages],
            due=due,
        )

    @strawberry.field(
        description="The development workflow as a table 党员发展流程: stage × step → stage."
    )
    def development_workflow(self) -> list[DevelopmentTransition]:
        return [
            DevelopmentTransition(
                from_status=MemberStatus(stage.value),
                action=DevelopmentAction(action.value),
                to_status=MemberStatus(after.value),
                mutation=MUTATION_OF[action],
                role=STEP_PERMISSION.name,
            )
            for (stage, action), after in WORKFLOW.items()
        ]
