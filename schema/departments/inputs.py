"""Inputs and payloads of the dispatch mutations."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.departments.enums import DepartmentKind
from schema.departments.types import Department, PetitionDispatch
from schema.petitions.types import Petition

VERSION = "版本 The `version` you last read; a stale one fails with CONFLICT. Optional."


@strawberry.input(
    description="Dispatch 派单 a petition to functional departments 职能部门: one lead 主办 and "
    "any co-handlers 协办."
)
class DispatchPetitionInput:
    petition_id: strawberry.ID = strawberry.field(description="The petition 诉求.")
    department_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The lead department 主办部门, serving the petition's place; by default the "
        "category's default department 默认承办部门 nearest it.",
    )
    co_handler_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Co-handling departments 协办部门 (at most 5), besides the lead."
    )
    deadline_at: datetime | None = strawberry.field(
        default=None,
        description="Report back by then 办理时限 (with a time zone, within 90 days); by default "
        "the category's deadline from now.",
    )
    note: str | None = strawberry.field(
        default=None, description="What is asked of them 派单说明 (at most 500 characters)."
    )
    expected_version: int | None = strawberry.field(
        default=None, description="版本 The petition's `version` you last read; stale: CONFLICT."
    )


@strawberry.input(
    description="A dispatch step that needs nothing more: accept 接单 or confirm 确认."
)
class DispatchStepInput:
    id: strawberry.ID = strawberry.field(description="The dispatch 派单.")
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="Return 退单 a dispatch to the dispatcher, saying why.")
class ReturnDispatchInput:
    id: strawberry.ID = strawberry.field(description="The dispatch 派单.")
    reason: str = strawberry.field(
        description="Why it is not yours to handle 退单理由 (at most 500 characters), e.g. "
        "which department it belongs to."
    )
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(
    description="Withdraw 撤回 a dispatch (the dispatcher), saying why, e.g. to handle the "
    "petition yourself or dispatch it elsewhere."
)
class WithdrawDispatchInput:
    id: strawberry.ID = strawberry.field(
        description="The dispatch 派单; the lead's withdraws its co-handlers' too."
    )
    reason: str = strawberry.field(
        description="Why it is taken back 撤回理由 (at most 500 characters), e.g. the resident's "
        "problem was solved on the spot."
    )
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(
    description="Report back 办结反馈 (the lead, for all) or add a co-handler's part 协办意见."
)
class ReportDispatchInput:
    id: strawberry.ID = strawberry.field(description="The dispatch 派单.")
    report: str = strawberry.field(
        description="What was done 办理结果 (at most 2000 characters); the lead's report becomes "
        "the petition's resolution once the dispatcher confirms it."
    )
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.type(description="派单结果 The petition dispatched, and its new dispatches.")
class DispatchPetitionPayload:
    petition: Petition = strawberry.field(description="诉求 The petition, now ASSIGNED.")
    dispatches: list[PetitionDispatch] = strawberry.field(
        description="派单 The new dispatches, the lead's first."
    )


@strawberry.type(description="派单步骤结果 The dispatch after its step, and its petition.")
class DispatchPayload:
    dispatch: PetitionDispatch = strawberry.field(description="派单 The dispatch as it now is.")
    petition: Petition = strawberry.field(description="诉求 Its petition as it now is.")


@strawberry.input(description="A new functional department 职能部门 (条).")
class RegisterDepartmentInput:
    name: str = strawberry.field(description="Its name 部门名称 (unique), e.g. 望江街道城管中队.")
    kind: DepartmentKind = strawberry.field(description="What it does 部门类别.")
    organization_id: strawberry.ID = strawberry.field(
        description="The organisation level it serves 所属层级 (a district, a street), where you "
        "are an administrator."
    )


@strawberry.input(
    description="Let an existing account act for a department (its staff 部门工作人员)."
)
class BindDepartmentAccountInput:
    department_id: strawberry.ID = strawberry.field(description="职能部门 The department.")
    username: str = strawberry.field(description="用户名 The account's username.")


@strawberry.type(description="职能部门结果 The department registered or changed.")
class DepartmentPayload:
    department: Department = strawberry.field(description="职能部门 The department.")
