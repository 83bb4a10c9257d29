"""Dues types: a member's account with its months, and the ledger's entries."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date, datetime
from typing import Annotated

import strawberry

from db.dues import models as rows
from db.dues.queries import AccountRecord, PaymentRecord
from db.dues.tallies import MonthFigures
from db.records import record_of
from resolvers.dues.months import format_month
from resolvers.dues.reads import (
    ARREARS_FLAG_MONTHS,
    DuesAccountView,
    DuesMonth,
    arrears_of,
    resolve_payments,
)
from resolvers.pagination import page_request
from schema.dues.enums import DuesCategory, DuesPaymentKind
from schema.enum_members import by_value
from schema.info import Info
from schema.members.types import Member, member_answer
from schema.organizations.types import Organization
from schema.plain_fields import direct
from schema.relay import Connection, Node, build_connection, page_argument, to_global_id

PAYMENT = "DuesPayment"
_KIND = by_value(rows.PaymentKind, DuesPaymentKind)


@strawberry.type(description="One entry of the dues ledger 党费缴纳记录 (never changed).")
class DuesPayment(Node):
    row: strawberry.Private[PaymentRecord]
    kind: DuesPaymentKind = strawberry.field(description="Payment or reversal 类型.")
    amount_fen: int = strawberry.field(
        description="Amount in fen 金额（分）; negative for a reversal."
    )
    months: list[str] = strawberry.field(description="The months it covers 所缴月份 (YYYY-MM).")
    note: str | None = strawberry.field(description="Why, for a reversal 说明.")
    created_at: datetime = strawberry.field(description="When it was written 记录时间.")
    reverses_payment_id: strawberry.ID | None = strawberry.field(
        description="The payment it cancels 被冲正记录, for a reversal."
    )

    @classmethod
    def from_row(cls, row: PaymentRecord | rows.DuesPaymentRow) -> DuesPayment:
        if isinstance(row, rows.DuesPaymentRow):
            row = record_of(PaymentRecord, row)
        return cls(
            row=row,
            id=to_global_id(PAYMENT, row.id),
            kind=_KIND[row.kind],
            amount_fen=row.amount_fen,
            months=list(row.months),
            note=row.note,
            created_at=row.created_at,
            reverses_payment_id=to_global_id(PAYMENT, row.reverses_payment_id)
            if row.reverses_payment_id
            else None,
        )


@strawberry.type(description="One month of a member's dues 月度党费.")
class DuesAccountMonth:
    month: str = strawberry.field(description="The month 月份 (YYYY-MM).")
    amount_fen: int = strawberry.field(
        description="Fen paid for it, or due when unpaid 金额（分）."
    )
    paid: bool = strawberry.field(description="Paid 已缴.")

    @classmethod
    def of(cls, month: DuesMonth) -> DuesAccountMonth:
        return cls(month=format_month(month.month), amount_fen=month.amount_fen, paid=month.paid)


@strawberry.type(description="A member's dues account 党费账户.")
class DuesAccount:
    view: strawberry.Private[DuesAccountView]
    member: Member = strawberry.field(description="The member 党员.")
    category: DuesCategory | None = strawberry.field(
        description="The category in force this month 党费类别."
    )
    base_fen: int | None = strawberry.field(
        description="The declared monthly base in force this month 党费基数（分）."
    )
    rate_basis_points: int | None = strawberry.field(
        description="The rate applied to the base, in basis points 比例（万分之）; null for a "
        "fixed amount."
    )
    monthly_amount_fen: int | None = strawberry.field(
        description="This month's dues 月缴纳额（分）, rounded half up to the fen."
    )
    first_month: str = strawberry.field(description="The first month due 起缴月份 (YYYY-MM).")
    months: list[DuesAccountMonth] = strawberry.field(
        description="Every month due, from the first to this one 月度明细."
    )
    months_paid: list[str] = strawberry.field(description="Months paid 已缴月份.")
    months_owed: list[str] = strawberry.field(
        description="Months owed, this one included 未缴月份."
    )
    owed_fen: int = strawberry.field(description="What the owed months come to 欠缴金额（分）.")
    arrears_months: int = strawberry.field(
        description="Owed months before this one 欠缴月数 (this month is not late yet)."
    )
    in_arrears: bool = strawberry.field(
        description=f"Flagged: {ARREARS_FLAG_MONTHS} or more months in arrears 欠缴预警."
    )
    paid_fen: int = strawberry.field(description="All fen paid, net of reversals 累计缴纳（分）.")

    @classmethod
    def of(cls, view: DuesAccountView) -> DuesAccount:
        current = view.current
        return cls(
            view=view,
            member=Member.from_row(view.member),
            category=DuesCategory(current.category.value) if current else None,
            base_fen=current.base_fen if current else None,
            rate_basis_points=current.rate_bp if current else None,
            monthly_amount_fen=current.amount_fen if current else None,
            first_month=format_month(view.account.start_month),
            months=[DuesAccountMonth.of(m) for m in view.months],
            months_paid=[format_month(m.month) for m in view.months if m.paid],
            months_owed=[format_month(m.month) for m in view.owed],
            owed_fen=sum(m.amount_fen for m in view.owed),
            arrears_months=len(view.arrears),
            in_arrears=view.in_arrears,
            paid_fen=view.account.paid_fen,
        )

    @strawberry.field(description="The ledger's entries 缴纳记录, oldest first.")
    async def payments(
        self,
        info: Info,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[DuesPayment]:
        request = page_request(first=first, after=after, last=last, before=before)
        page, count = await resolve_payments(info.context, self.view.member.id, request)
        return build_connection(page, DuesPayment.from_row, count)


@strawberry.type(description="A member in arrears 欠缴党员, from the kept figures.")
class DuesArrears:
    row: strawberry.Private[AccountRecord]
    arrears_months: int = strawberry.field(description="Owed months before this one 欠缴月数.")
    flagged: bool = strawberry.field(
        description=f"{ARREARS_FLAG_MONTHS} or more months in arrears 欠缴预警."
    )
    first_month: str = strawberry.field(description="The first month due 起缴月份 (YYYY-MM).")
    last_paid_month: str | None = strawberry.field(
        description="The latest month paid 最近缴纳月份 (YYYY-MM); null if none."
    )

    @classmethod
    def of(cls, row: AccountRecord, this_month: date) -> DuesArrears:
        arrears = arrears_of(row, this_month)
        return cls(
            row=row,
            arrears_months=arrears,
            flagged=arrears >= ARREARS_FLAG_MONTHS,
            first_month=format_month(row.start_month),
            last_paid_month=format_month(row.last_paid_month) if row.last_paid_month else None,
        )

    @strawberry.field(description="The member 党员.", graphql_type=Member | None)
    @direct  # once per listed account
    def member(self, info: Info) -> Awaitable[Member | None] | Member | None:
        return member_answer(info.context, self.row.member_id)


@strawberry.type(description="A subtree's dues in one month 月度党费收缴.")
class DuesCollectionMonth:
    month: str = strawberry.field(description="The month 月份 (YYYY-MM).")
    due_members: int = strawberry.field(description="Members due 应缴人数.")
    paid_members: int = strawberry.field(description="Members who paid for it 实缴人数.")
    due_fen: int = strawberry.field(description="What the month comes to 应缴金额（分）.")
    paid_fen: int = strawberry.field(description="What was paid for it 实缴金额（分）.")
    collection_rate: float | None = strawberry.field(
        description="Members paid ÷ members due 收缴率 (0-1); null when nobody is due."
    )

    @classmethod
    def of(cls, figures: MonthFigures) -> DuesCollectionMonth:
        return cls(
            month=format_month(figures.month),
            due_members=figures.due_members,
            paid_members=figures.paid_members,
            due_fen=figures.due_fen,
            paid_fen=figures.paid_fen,
            collection_rate=figures.paid_members / figures.due_members
            if figures.due_members
            else None,
        )


@strawberry.type(description="A subtree's dues collection 党费收缴统计, read from kept figures.")
class DuesCollection:
    organization: Organization = strawberry.field(
        description="统计组织 The subtree's organisation."
    )
    months: list[DuesCollectionMonth] = strawberry.field(description="Month by month 月度.")
