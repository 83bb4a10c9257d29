"""Transfer mutations: asking for a transfer, and its later steps."""

from __future__ import annotations

from typing import Annotated

import strawberry

from db.transfers import models as rows
from resolvers.transfers.writes import (
    StepInput,
    TransferDraft,
    request_transfer,
    take_transfer_step,
)
from schema.info import Info
from schema.members.types import TYPE_NAME as MEMBER
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.relay import INPUT, expect_global_id
from schema.transfers.enums import TransferStep
from schema.transfers.types import TYPE_NAME, Transfer


@strawberry.input(description="Ask to transfer a member's organisational relation 申请转接.")
class RequestTransferInput:
    member_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The member 党员 (their branch's secretary asks); omit to ask for yourself.",
    )
    destination_id: strawberry.ID | None = strawberry.field(
        default=None, description="The branch to join 转入支部, anywhere in the city."
    )
    destination_text: str | None = strawberry.field(
        default=None,
        description="Out of the platform 转出平台: where the relation goes (at most 200 "
        "characters), instead of `destinationId`.",
    )
    reason: str = strawberry.field(description="Why 转接原因 (at most 500 characters).")


@strawberry.input(description="A step of a transfer 转接操作.")
class AdvanceTransferInput:
    id: strawberry.ID = strawberry.field(description="The transfer 组织关系转接.")
    step: TransferStep = strawberry.field(description="操作 What to do.")
    letter_number: str | None = strawberry.field(
        default=None, description="The introduction letter's number 介绍信编号 (to approve)."
    )
    note: str | None = strawberry.field(
        default=None, description="Note 备注 (at most 500; the reason, to return)."
    )
    expected_version: int | None = strawberry.field(
        default=None, description="版本 The version you saw; CONFLICT if it changed meanwhile."
    )


@strawberry.type(description="转接操作结果 The result of a transfer mutation.")
class TransferPayload:
    transfer: Transfer = strawberry.field(description="The transfer as it is now 组织关系转接.")


@strawberry.type
class TransferMutations:
    @strawberry.mutation(
        description="Ask to transfer a party member's relation 申请组织关系转接 to another branch "
        "of the city or out of the platform: the member themself or their branch's secretary."
    )
    async def request_transfer(
        self, info: Info, input: Annotated[RequestTransferInput, INPUT]
    ) -> TransferPayload:
        draft = TransferDraft(
            member_id=expect_global_id(input.member_id, MEMBER, field="memberId")
            if input.member_id
            else None,
            member_global_id=input.member_id,
            reason=input.reason,
            destination_id=expect_global_id(
                input.destination_id, ORGANIZATION, field="destinationId"
            )
            if input.destination_id
            else None,
            destination_global_id=input.destination_id,
            destination_text=input.destination_text,
        )
        return TransferPayload(
            transfer=Transfer.from_row(await request_transfer(info.context, draft))
        )

    @strawberry.mutation(
        description="Take a step of a transfer 转接操作 on the version you saw: the member's "
        "branch approves (issuing the letter) or completes one out of the platform, the "
        "destination accepts (the member moves, with their statistics and dues) or returns it, "
        "the member or their branch cancels it."
    )
    async def advance_transfer(
        self, info: Info, input: Annotated[AdvanceTransferInput, INPUT]
    ) -> TransferPayload:
        row = await take_transfer_step(
            info.context,
            expect_global_id(input.id, TYPE_NAME, field="id"),
            input.id,
            rows.TransferAction[input.step.name],
            StepInput(
                letter_number=input.letter_number,
                note=input.note,
                expected_version=input.expected_version,
            ),
        )
        return TransferPayload(transfer=Transfer.from_row(row))
