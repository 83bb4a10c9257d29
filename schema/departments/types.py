"""Functional department 职能部门 types: the department, its figures, and a petition's dispatch."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import datetime

import strawberry

from db.departments.queries import DepartmentRecord, DispatchRecord
from resolvers.context import Context
from resolvers.departments.reads import resolve_department_by_id
from resolvers.departments.statistics import DepartmentFigures, department_figures
from resolvers.departments.workflow import allowed_dispatch_actions
from resolvers.petitions.reads import resolve_petition_by_id
from schema.answers import shared_answer
from schema.departments.enums import DepartmentKind, DispatchStatus
from schema.info import Info
from schema.organizations.types import Organization, organization_answer
from schema.petitions.enums import PetitionAction
from schema.petitions.types import Petition
from schema.plain_fields import direct
from schema.relay import Node, to_global_id

TYPE_NAME = "Department"
DISPATCH = "PetitionDispatch"


@strawberry.type(
    description="A department's figures 部门考核 beside organisations': its dispatches, returns "
    "退单, on-time answers 按时办结 and residents' satisfaction 满意度, kept as they happen."
)
class DepartmentStatistics:
    figures: strawberry.Private[DepartmentFigures]
    dispatched: int = strawberry.field(
        description="Dispatches received 派单数 (lead and co-handling)."
    )
    returned: int = strawberry.field(description="Of them returned 退单数.")
    answered: int = strawberry.field(
        description="Dispatches finished 办结反馈数: the lead's reports and co-handlers' parts."
    )
    on_time: int = strawberry.field(description="Of them, by the dispatch's deadline 按时数.")
    confirmed: int = strawberry.field(
        description="Dispatches whose petition the dispatcher confirmed resolved 确认办结数."
    )
    rated: int = strawberry.field(description="Of them, rated by the resident 评价数.")
    satisfied: int = strawberry.field(description="Of them, rated 4 or 5 满意数.")

    @strawberry.field(description="Returned ÷ dispatched 退单率; null before any dispatch.")
    def return_rate(self) -> float | None:
        return self.figures.return_rate

    @strawberry.field(description="On time ÷ answered 按时办结率; null before any answer.")
    def on_time_rate(self) -> float | None:
        return self.figures.on_time_rate

    @strawberry.field(description="Satisfied ÷ rated 满意率; null before any rating.")
    def satisfaction_rate(self) -> float | None:
        return self.figures.satisfaction_rate

    @strawberry.field(description="The ratings' mean, 1-5 平均满意度; null before any rating.")
    def average_satisfaction(self) -> float | None:
        return self.figures.average_satisfaction

    @classmethod
    def of(cls, figures: DepartmentFigures) -> DepartmentStatistics:
        return cls(
            figures=figures,
            dispatched=figures.dispatched,
            returned=figures.returned,
            answered=figures.answered,
            on_time=figures.on_time,
            confirmed=figures.confirmed,
            rated=figures.rated,
            satisfied=figures.satisfied,
        )


@strawberry.type(
    description="A functional department 职能部门 (条): a handling unit outside the party tree "
    "(城管, 房管, 住建, 公安派出所, 市场监管 …), attached to the organisation level it serves, "
    "that petitions are dispatched 派单 to."
)
class Department(Node):
    row: strawberry.Private[DepartmentRecord]
    name: str = strawberry.field(description="Name 部门名称, e.g. 锦绣街道城管中队.")
    kind: DepartmentKind = strawberry.field(description="What it does 部门类别.")
    created_at: datetime = strawberry.field(description="When it was registered 登记时间.")

    @classmethod
    def from_row(cls, row: DepartmentRecord) -> Department:
        return cls(
            row=row,
            id=to_global_id(TYPE_NAME, row.id),
            name=row.name,
            kind=DepartmentKind(row.kind.value),
            created_at=row.created_at,
        )

    @strawberry.field(
        description="The organisation level it serves 所属层级 (a district, a street); null "
        "outside your scope.",
        graphql_type=Organization | None,
    )
    @direct  # once per listed department
    def organization(self, info: Info) -> Awaitable[Organization | None] | Organization | None:
        return organization_answer(info.context, self.row.org_id)

    @strawberry.field(description="Its figures 部门考核: on-time rate, returns, satisfaction.")
    async def statistics(self, info: Info) -> DepartmentStatistics:
        return DepartmentStatistics.of(await department_figures(info.context, self.row.id))


async def _department(context: Context, department_id: int) -> Department | None:
    found = await resolve_department_by_id(context, department_id)
    return Department.from_row(found) if found else None


@strawberry.type(
    description="One department's share of a dispatched petition 派单: the lead 主办 (reports "
    "back for all) or a co-handler 协办 (adds its part), with its deadline and answers."
)
class PetitionDispatch(Node):
    row: strawberry.Private[DispatchRecord]
    lead: bool = strawberry.field(description="Whether it is the lead department 主办 (else 协办).")
    status: DispatchStatus = strawberry.field(description="Where it stands 派单状态.")
    deadline_at: datetime = strawberry.field(description="Report back by then 办理时限.")
    dispatched_at: datetime = strawberry.field(description="When it was dispatched 派单时间.")
    note: str | None = strawberry.field(description="The dispatcher's note 派单说明.")
    answered_at: datetime | None = strawberry.field(
        description="When the department accepted 接单 or returned 退单 it."
    )
    return_reason: str | None = strawberry.field(description="Why it was returned 退单理由.")
    report: str | None = strawberry.field(
        description="The lead's report 办理结果, or a co-handler's part 协办意见."
    )
    reported_at: datetime | None = strawberry.field(
        description="反馈时间 When the report or part came."
    )
    version: int = strawberry.field(
        description="版本 Increases with every step; pass it as `expectedVersion` to act on it."
    )

    @classmethod
    def from_row(cls, row: DispatchRecord) -> PetitionDispatch:
        return cls(
            row=row,
            id=to_global_id(DISPATCH, row.id),
            lead=row.lead,
            status=DispatchStatus(row.status.value),
            deadline_at=row.deadline_at,
            dispatched_at=row.created_at,
            note=row.note,
            answered_at=row.answered_at,
            return_reason=row.return_reason,
            report=row.report,
            reported_at=row.reported_at,
            version=row.version,
        )

    @strawberry.field(
        description="The department it was dispatched to 承办部门.", graphql_type=Department | None
    )
    @direct  # once per listed dispatch
    def department(self, info: Info) -> Awaitable[Department | None] | Department | None:
        context = info.context
        loaders = context.loaders.departments
        answers = loaders.answers if loaders.cache else None
        return shared_answer(answers, self.row.department_id, lambda key: _department(context, key))

    @strawberry.field(description="The petition 诉求 dispatched.")
    async def petition(self, info: Info) -> Petition | None:
        found = await resolve_petition_by_id(info.context, self.row.petition_id)
        return Petition.from_row(found) if found else None

    @strawberry.field(
        description="The steps it can take now 可执行操作 (TAKE, RETURN, CONTRIBUTE, REPORT, "
        "CONFIRM, WITHDRAW), whoever may take them."
    )
    def next_actions(self) -> list[PetitionAction]:
        return [PetitionAction(a.value) for a in allowed_dispatch_actions(self.row)]
