"""Dues mutations: declaring a base, paying (idempotent by key), reversing a payment."""

from __future__ import annotations

from typing import Annotated

import strawberry

from db.dues.models import DuesCategory as StoredCategory
from resolvers.dues.months import parse_month
from resolvers.dues.reads import resolve_dues_account
from resolvers.dues.writes import declare_dues_base, pay_dues, reverse_dues_payment
from schema.dues.enums import DuesCategory
from schema.dues.types import PAYMENT, DuesAccount, DuesPayment
from schema.info import Info
from schema.members.types import TYPE_NAME as MEMBER
from schema.relay import INPUT, expect_global_id


@strawberry.input(description="Declare a member's monthly dues base 申报党费基数.")
class DeclareDuesBaseInput:
    member_id: strawberry.ID = strawberry.field(description="The member 党员.")
    category: DuesCategory = strawberry.field(description="Which brackets apply 党费类别.")
    base_fen: int = strawberry.field(
        description="The monthly base in fen 基数（分）: salary or pension after tax and "
        "deductions; 0 for the fixed-amount categories."
    )
    effective_month: str = strawberry.field(
        description="The first month it applies to 生效月份 (YYYY-MM), after any month paid."
    )


@strawberry.input(description="Pay a member's dues 缴纳党费.")
class PayDuesInput:
    member_id: strawberry.ID = strawberry.field(description="The member 党员.")
    months: list[str] | None = strawberry.field(
        default=None,
        description="缴纳月份 The months to pay (YYYY-MM, each due and unpaid); default: every "
        "month owed up to this one (at most 36).",
    )
    idempotency_key: str = strawberry.field(
        description="A unique string per payment (a UUID) 幂等键: a retry with it is the same "
        "payment, answered again and never charged twice."
    )


@strawberry.input(description="Reverse a dues payment exactly 冲正.")
class ReverseDuesPaymentInput:
    payment_id: strawberry.ID = strawberry.field(description="The payment 缴纳记录.")
    note: str = strawberry.field(description="Why 原因 (at most 200 characters).")


@strawberry.type(description="申报党费基数结果 The result of declaring a dues base.")
class DeclareDuesBasePayload:
    account: DuesAccount | None = strawberry.field(
        description="当前党费账户 The account as it is now."
    )


@strawberry.type(description="党费台账操作结果 The result of a dues ledger mutation.")
class DuesPaymentPayload:
    payment: DuesPayment = strawberry.field(description="The entry written 缴纳记录.")
    account: DuesAccount | None = strawberry.field(
        description="当前党费账户 The account as it is now."
    )


@strawberry.type
class DuesMutations:
    @strawberry.mutation(
        description="Declare a member's monthly dues base 申报党费基数 from a month on (who "
        "manages dues where the member's branch is)."
    )
    async def declare_dues_base(
        self, info: Info, input: Annotated[DeclareDuesBaseInput, INPUT]
    ) -> DeclareDuesBasePayload:
        member = await declare_dues_base(
            info.context,
            expect_global_id(input.member_id, MEMBER, field="memberId"),
            input.member_id,
            StoredCategory[input.category.name],
            input.base_fen,
            parse_month(input.effective_month, field="effectiveMonth"),
        )
        view = await resolve_dues_account(info.context, member.id)
        return DeclareDuesBasePayload(account=DuesAccount.of(view) if view else None)

    @strawberry.mutation(
        description="Pay a member's dues 缴纳党费: the member themself, or who manages dues "
        "there on their behalf. A retry with the same idempotency key is the same payment: "
        "charged once."
    )
    async def pay_dues(
        self, info: Info, input: Annotated[PayDuesInput, INPUT]
    ) -> DuesPaymentPayload:
        months = (
            [parse_month(month, field="months") for month in input.months]
            if input.months is not None
            else None
        )
        row = await pay_dues(
            info.context,
            expect_global_id(input.member_id, MEMBER, field="memberId"),
            input.member_id,
            months,
            input.idempotency_key,
        )
        view = await resolve_dues_account(info.context, row.member_id)
        return DuesPaymentPayload(
            payment=DuesPayment.from_row(row), account=DuesAccount.of(view) if view else None
        )

    @strawberry.mutation(
        description="Reverse a dues payment exactly 冲正 (once; the payment itself never "
        "changes): a new entry of the opposite amounts frees its months."
    )
    async def reverse_dues_payment(
        self, info: Info, input: Annotated[ReverseDuesPaymentInput, INPUT]
    ) -> DuesPaymentPayload:
        row = await reverse_dues_payment(
            info.context,
            expect_global_id(input.payment_id, PAYMENT, field="paymentId"),
            input.payment_id,
            input.note,
        )
        view = await resolve_dues_account(info.context, row.member_id)
        return DuesPaymentPayload(
            payment=DuesPayment.from_row(row), account=DuesAccount.of(view) if view else None
        )
