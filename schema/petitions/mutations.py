"""Petition mutations: submission, each workflow step, and the taxonomy."""

from __future__ import annotations

from typing import Annotated

import strawberry

from db.petitions import models as rows
from resolvers.petitions import categories
from resolvers.petitions.steps import StepInput
from resolvers.petitions.submission import PetitionDraft, submit_petition
from resolvers.petitions.workflow import transition
from schema.info import Info
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.petitions.inputs import (
    AssignPetitionInput,
    CreatePetitionCategoryInput,
    PetitionCategoryPayload,
    PetitionPayload,
    PetitionStepInput,
    RatePetitionInput,
    RejectPetitionInput,
    ResolvePetitionInput,
    SubmitPetitionInput,
    SupervisePetitionInput,
)
from schema.petitions.types import CATEGORY, TYPE_NAME, Petition, PetitionCategory
from schema.relay import INPUT, expect_global_id


async def _step(
    info: Info, global_id: str, action: rows.PetitionAction, step: StepInput
) -> PetitionPayload:
    key = expect_global_id(global_id, TYPE_NAME, field="id")
    row = await transition(info.context, key, global_id, action, step)
    return PetitionPayload(petition=Petition.from_row(row))


def _simple(data: PetitionStepInput) -> StepInput:
    return StepInput(expected_version=data.expected_version, note=data.note)


@strawberry.type
class PetitionMutations:
    @strawberry.mutation(
        description="提交诉求 Raise a petition (residents; staff on a resident's behalf)."
    )
    async def submit_petition(
        self, info: Info, input: Annotated[SubmitPetitionInput, INPUT]
    ) -> PetitionPayload:
        draft = PetitionDraft(
            title=input.title,
            content=input.content,
            category_id=expect_global_id(input.category_id, CATEGORY, field="categoryId"),
            grid_id=expect_global_id(input.grid_id, ORGANIZATION, field="gridId"),
            channel=rows.PetitionChannel[input.channel.name],
            anonymous=input.anonymous,
            contact_name=input.contact_name,
            contact_phone=input.contact_phone,
            on_behalf=input.on_behalf,
            resident_username=input.resident_username,
            idempotency_key=input.idempotency_key,
        )
        row = await submit_petition(info.context, draft)
        return PetitionPayload(petition=Petition.from_row(row))

    @strawberry.mutation(description="Accept 受理 a submitted petition (its handlers).")
    async def accept_petition(
        self, info: Info, input: Annotated[PetitionStepInput, INPUT]
    ) -> PetitionPayload:
        return await _step(info, input.id, rows.PetitionAction.ACCEPT, _simple(input))

    @strawberry.mutation(description="Assign 派单 or reassign a petition within your subtree.")
    async def assign_petition(
        self, info: Info, input: Annotated[AssignPetitionInput, INPUT]
    ) -> PetitionPayload:
        step = StepInput(
            expected_version=input.expected_version,
            note=input.note,
            organization_id=expect_global_id(
                input.organization_id, ORGANIZATION, field="organizationId"
            )
            if input.organization_id
            else None,
            organization_global_id=input.organization_id,
            handler_username=input.handler_username,
        )
        return await _step(info, input.id, rows.PetitionAction.ASSIGN, step)

    @strawberry.mutation(description="Start handling 开始办理 an assigned petition.")
    async def start_petition(
        self, info: Info, input: Annotated[PetitionStepInput, INPUT]
    ) -> PetitionPayload:
        return await _step(info, input.id, rows.PetitionAction.START, _simple(input))

    @strawberry.mutation(description="Resolve 办结 a petition in progress, saying what was done.")
    async def resolve_petition(
        self, info: Info, input: Annotated[ResolvePetitionInput, INPUT]
    ) -> PetitionPayload:
        step = StepInput(expected_version=input.expected_version, resolution=input.resolution)
        return await _step(info, input.id, rows.PetitionAction.RESOLVE, step)

    @strawberry.mutation(description="Rate 评价 a resolved petition (the resident who raised it).")
    async def rate_petition(
        self, info: Info, input: Annotated[RatePetitionInput, INPUT]
    ) -> PetitionPayload:
        step = StepInput(
            expected_version=input.expected_version,
            satisfaction=input.satisfaction,
            comment=input.comment,
        )
        return await _step(info, input.id, rows.PetitionAction.RATE, step)

    @strawberry.mutation(
        description="Close 归档 a rated petition, or a resolved one once the reopen window is over."
    )
    async def close_petition(
        self, info: Info, input: Annotated[PetitionStepInput, INPUT]
    ) -> PetitionPayload:
        return await _step(info, input.id, rows.PetitionAction.CLOSE, _simple(input))

    @strawberry.mutation(description="Reject 不予受理 a submitted or accepted petition.")
    async def reject_petition(
        self, info: Info, input: Annotated[RejectPetitionInput, INPUT]
    ) -> PetitionPayload:
        step = StepInput(expected_version=input.expected_version, reason=input.reason)
        return await _step(info, input.id, rows.PetitionAction.REJECT, step)

    @strawberry.mutation(description="Escalate 上报 an open petition to the parent organisation.")
    async def escalate_petition(
        self, info: Info, input: Annotated[PetitionStepInput, INPUT]
    ) -> PetitionPayload:
        return await _step(info, input.id, rows.PetitionAction.ESCALATE, _simple(input))

    @strawberry.mutation(
        description="Supervise 督办 an open petition held below your organisation "
        "(administrators and secretaries above its holder); its status stays."
    )
    async def supervise_petition(
        self, info: Info, input: Annotated[SupervisePetitionInput, INPUT]
    ) -> PetitionPayload:
        step = StepInput(
            expected_version=input.expected_version, note=input.note, deadline_at=input.deadline_at
        )
        return await _step(info, input.id, rows.PetitionAction.SUPERVISE, step)

    @strawberry.mutation(
        description="Reopen 重新办理 a resolved petition (its resident, within the reopen window)."
    )
    async def reopen_petition(
        self, info: Info, input: Annotated[PetitionStepInput, INPUT]
    ) -> PetitionPayload:
        return await _step(info, input.id, rows.PetitionAction.REOPEN, _simple(input))

    @strawberry.mutation(description="新增诉求小类 Add a petition subcategory (administrators).")
    async def create_petition_category(
        self, info: Info, input: Annotated[CreatePetitionCategoryInput, INPUT]
    ) -> PetitionCategoryPayload:
        row = await categories.create_category(
            info.context,
            parent_id=expect_global_id(input.parent_id, CATEGORY, field="parentId"),
            parent_global_id=input.parent_id,
            code=input.code,
            name=input.name,
            deadline_hours=input.deadline_hours,
        )
        return PetitionCategoryPayload(category=PetitionCategory.from_row(row))

    @strawberry.mutation(
        description="停用诉求分类 Retire a category: no new petitions; its history stays "
        "(administrators)."
    )
    async def retire_petition_category(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="诉求分类 The category.")],
    ) -> PetitionCategoryPayload:
        key = expect_global_id(id, CATEGORY, field="id")
        row = await categories.retire_category(info.context, key, id)
        return PetitionCategoryPayload(category=PetitionCategory.from_row(row))
