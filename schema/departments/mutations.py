"""Dispatch mutations: dispatching 派单 a petition, and each step of a dispatch."""

from __future__ import annotations

from typing import Annotated

import strawberry

from db.departments.models import DepartmentKind as StoredKind
from db.departments.queries import DepartmentRecord
from db.petitions.models import PetitionAction
from db.records import record_of
from resolvers.departments.dispatch import DispatchDraft, dispatch_petition
from resolvers.departments.registry import (
    DepartmentDraft,
    bind_account_to_department,
    register_department,
)
from resolvers.departments.workflow import DispatchStepInput as StepValues
from resolvers.departments.workflow import step
from schema.departments.inputs import (
    BindDepartmentAccountInput,
    DepartmentPayload,
    DispatchPayload,
    DispatchPetitionInput,
    DispatchPetitionPayload,
    DispatchStepInput,
    RegisterDepartmentInput,
    ReportDispatchInput,
    ReturnDispatchInput,
    WithdrawDispatchInput,
)
from schema.departments.types import DISPATCH, TYPE_NAME, Department, PetitionDispatch
from schema.info import Info
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.petitions.types import TYPE_NAME as PETITION
from schema.petitions.types import Petition
from schema.relay import INPUT, expect_global_id


async def _step(
    info: Info, global_id: str, action: PetitionAction, values: StepValues
) -> DispatchPayload:
    key = expect_global_id(global_id, DISPATCH, field="id")
    dispatch, petition = await step(info.context, key, global_id, action, values)
    return DispatchPayload(
        dispatch=PetitionDispatch.from_row(dispatch), petition=Petition.from_row(petition)
    )


@strawberry.type
class DepartmentMutations:
    @strawberry.mutation(
        description="Dispatch 派单 a petition your organisation holds to functional departments "
        "职能部门 (a lead and any co-handlers), with a deadline; it becomes ASSIGNED."
    )
    async def dispatch_petition(
        self, info: Info, input: Annotated[DispatchPetitionInput, INPUT]
    ) -> DispatchPetitionPayload:
        co_handlers = list(input.co_handler_ids or ())
        draft = DispatchDraft(
            expected_version=input.expected_version,
            lead_id=expect_global_id(input.department_id, TYPE_NAME, field="departmentId")
            if input.department_id
            else None,
            lead_global_id=input.department_id,
            co_handler_ids=[
                expect_global_id(key, TYPE_NAME, field="coHandlerIds") for key in co_handlers
            ],
            co_handler_global_ids=co_handlers,
            deadline_at=input.deadline_at,
            note=input.note,
        )
        key = expect_global_id(input.petition_id, PETITION, field="petitionId")
        petition, dispatches = await dispatch_petition(info.context, key, input.petition_id, draft)
        return DispatchPetitionPayload(
            petition=Petition.from_row(petition),
            dispatches=[PetitionDispatch.from_row(row) for row in dispatches],
        )

    @strawberry.mutation(
        description="Accept 接单 a dispatch to your department (its staff); the lead accepting "
        "starts the petition's handling."
    )
    async def accept_dispatch(
        self, info: Info, input: Annotated[DispatchStepInput, INPUT]
    ) -> DispatchPayload:
        values = StepValues(expected_version=input.expected_version)
        return await _step(info, input.id, PetitionAction.TAKE, values)

    @strawberry.mutation(
        description="Return 退单 a dispatch to the dispatcher with a reason (its department's "
        "staff); the lead returning it gives the petition back to the dispatcher."
    )
    async def return_dispatch(
        self, info: Info, input: Annotated[ReturnDispatchInput, INPUT]
    ) -> DispatchPayload:
        values = StepValues(expected_version=input.expected_version, text=input.reason)
        return await _step(info, input.id, PetitionAction.RETURN, values)

    @strawberry.mutation(
        description="Add a co-handling department's part 协办意见 to an accepted dispatch."
    )
    async def contribute_to_dispatch(
        self, info: Info, input: Annotated[ReportDispatchInput, INPUT]
    ) -> DispatchPayload:
        values = StepValues(expected_version=input.expected_version, text=input.report)
        return await _step(info, input.id, PetitionAction.CONTRIBUTE, values)

    @strawberry.mutation(
        description="Report back 办结反馈 for all on an accepted dispatch (the lead department); "
        "the dispatcher confirms it next."
    )
    async def report_dispatch(
        self, info: Info, input: Annotated[ReportDispatchInput, INPUT]
    ) -> DispatchPayload:
        values = StepValues(expected_version=input.expected_version, text=input.report)
        return await _step(info, input.id, PetitionAction.REPORT, values)

    @strawberry.mutation(
        description="Confirm 确认办结 the lead department's report (a handler of the organisation "
        "that dispatched it): the petition is RESOLVED, for the resident to rate."
    )
    async def confirm_dispatch(
        self, info: Info, input: Annotated[DispatchStepInput, INPUT]
    ) -> DispatchPayload:
        values = StepValues(expected_version=input.expected_version)
        return await _step(info, input.id, PetitionAction.CONFIRM, values)

    @strawberry.mutation(
        description="Withdraw 撤回派单 a live dispatch (a handler of the organisation that "
        "dispatched it), with a reason: the lead's withdrawal gives the petition back, ACCEPTED, "
        "for its own handling steps or another dispatch, and withdraws the co-handlers' too."
    )
    async def withdraw_dispatch(
        self, info: Info, input: Annotated[WithdrawDispatchInput, INPUT]
    ) -> DispatchPayload:
        values = StepValues(expected_version=input.expected_version, text=input.reason)
        return await _step(info, input.id, PetitionAction.WITHDRAW, values)

    @strawberry.mutation(
        description="Register a functional department 职能部门 serving an organisation level "
        "(administrators of that organisation)."
    )
    async def register_department(
        self, info: Info, input: Annotated[RegisterDepartmentInput, INPUT]
    ) -> DepartmentPayload:
        draft = DepartmentDraft(
            name=input.name,
            kind=StoredKind[input.kind.name],
            org_id=expect_global_id(input.organization_id, ORGANIZATION, field="organizationId"),
            org_global_id=input.organization_id,
        )
        row = await register_department(info.context, draft)
        return DepartmentPayload(department=Department.from_row(record_of(DepartmentRecord, row)))

    @strawberry.mutation(
        description="绑定部门账号 Let an existing account act for a department (the `department` "
        "role), administrators of the organisation it serves; an account acts for one department."
    )
    async def bind_department_account(
        self, info: Info, input: Annotated[BindDepartmentAccountInput, INPUT]
    ) -> DepartmentPayload:
        key = expect_global_id(input.department_id, TYPE_NAME, field="departmentId")
        row = await bind_account_to_department(
            info.context, key, input.department_id, input.username
        )
        return DepartmentPayload(department=Department.from_row(record_of(DepartmentRecord, row)))
