"""A member's dues account 党费账户: what is due each month, what is paid, owed, in arrears.

Months are due from the account's first month (its first declaration) up to the current one
(China time). A month is paid while a payment covers it and no reversal has freed it; owed
otherwise. Arrears 欠缴 are the owed months before the current one (the current month is
still payable without being late); a member with ARREARS_FLAG_MONTHS or more is flagged.
Who sees an account: the member themself (the `member` role), and who may read dues where
the member's branch is.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

from db.dues.amounts import MonthlyDues, monthly_dues
from db.dues.queries import (
    ACCOUNT_KEY,
    PAYMENT_KEY,
    AccountRecord,
    PaymentRecord,
    all_brackets,
    arrears_list,
    bases_of_member,
    paid_months_of_member,
    payment_list,
)
from db.dues.tallies import MonthFigures, subtree_months
from db.members.queries import MemberRecord
from db.organizations.queries import OrganizationRecord
from db.pagination import Page, PageRequest, paginate
from resolvers.access import Permission
from resolvers.context import Context
from resolvers.dues.months import current_month, last_month_due, months_between
from resolvers.errors import BadUserInput, not_found
from resolvers.members.reads import resolve_member_by_id
from resolvers.organizations.reads import resolve_organization_by_id, resolve_scope_under

ARREARS_FLAG_MONTHS = 6
MAX_PERIOD_MONTHS = 120


def arrears_of(account: AccountRecord, this_month: date) -> int:
    """Months in arrears from the account's kept figures: the months due before this one,
    less those paid among them (every paid month is this one or earlier)."""
    if account.closed_month is not None:  # left the platform: owed up to then, never chased
        closed = account.closed_month.year * 12 + account.closed_month.month - 1
        return max(0, closed - account.paid_through_index)
    current = this_month.year * 12 + this_month.month - 1
    paid_now = 1 if account.last_paid_month == this_month else 0
    return max(0, current - 1 - account.paid_through_index + paid_now)


@dataclass(frozen=True, slots=True)
class DuesMonth:
    month: date
    amount_fen: int  # what was paid for it, or what is due
    paid: bool


@dataclass(frozen=True, slots=True)
class DuesAccountView:
    member: MemberRecord
    account: AccountRecord
    current: MonthlyDues | None
    months: list[DuesMonth]
    this_month: date

    @property
    def owed(self) -> list[DuesMonth]:
        return [m for m in self.months if not m.paid]

    @property
    def arrears(self) -> list[DuesMonth]:
        return [m for m in self.owed if m.month < self.this_month]

    @property
    def in_arrears(self) -> bool:
        return len(self.arrears) >= ARREARS_FLAG_MONTHS


def may_read_dues(context: Context, member_id: int, org_path: str) -> bool:
    return context.viewer.acts_for_member(Permission.READ_DUES, member_id, org_path)


async def resolve_dues_account(context: Context, member_id: int) -> DuesAccountView | None:
    """The member's account, if the viewer may read their dues and they have one."""
    context.require_account()
    member = await resolve_member_by_id(context, member_id)
    if member is None or not may_read_dues(context, member.id, member.org_path):
        return None
    account = await context.loaders.dues.account.load(member.id)
    if account is None:
        return None
    this_month = current_month()
    async with context.loaders.reads.read() as connection:
        bases = await bases_of_member(connection, member.id)
        brackets = await all_brackets(connection)
        paid = await paid_months_of_member(connection, member.id)
    months = []
    last = last_month_due(this_month, account.closed_month)
    for month in months_between(account.start_month, last):
        if month in paid:
            months.append(DuesMonth(month, paid[month], True))
        else:
            dues = monthly_dues(bases, brackets, month)
            months.append(DuesMonth(month, dues.amount_fen if dues else 0, False))
    current = monthly_dues(bases, brackets, this_month)
    return DuesAccountView(member, account, current, months, this_month)


async def resolve_payment_by_id(context: Context, payment_id: int) -> PaymentRecord | None:
    context.require_account()
    row = await context.loaders.dues.payment.load(payment_id)
    if row is None or not may_read_dues(context, row.member_id, row.org_path):
        return None
    return row


async def resolve_my_dues_account(context: Context) -> DuesAccountView | None:
    """The signed-in party member's own account (None for an account that is no member)."""
    context.require_account()
    member_id = context.viewer.member_id
    return None if member_id is None else await resolve_dues_account(context, member_id)


async def resolve_payments(
    context: Context, member_id: int, request: PageRequest
) -> tuple[Page[PaymentRecord], Callable[[], Awaitable[int]]]:
    """The member's ledger entries, oldest first (the caller has checked access)."""
    query = payment_list(member_id)
    return await paginate(context.loaders.reads.read, query, PAYMENT_KEY, request, PaymentRecord)


async def resolve_arrears(
    context: Context,
    under: int | None,
    under_global_id: str | None,
    at_least: int,
    request: PageRequest,
) -> tuple[Page[AccountRecord], Callable[[], Awaitable[int]], date]:
    """Accounts with `at_least` months in arrears 欠缴 where the viewer may read dues."""
    if not 1 <= at_least <= MAX_PERIOD_MONTHS:
        raise BadUserInput(
            f"`atLeast` must be between 1 and {MAX_PERIOD_MONTHS} months.", field="atLeast"
        )
    context.viewer.require_anywhere(Permission.READ_DUES, what="dues arrears")
    roots = await resolve_scope_under(
        context, Permission.READ_DUES, under, global_id=under_global_id
    )
    this_month = current_month()
    query = arrears_list(roots, this_month, at_least)
    page, count = await paginate(
        context.loaders.reads.read, query, ACCOUNT_KEY, request, AccountRecord
    )
    return page, count, this_month


async def resolve_collection(
    context: Context, org_id: int, global_id: str, since: date | None, until: date | None
) -> tuple[OrganizationRecord, list[MonthFigures]]:
    """The subtree's dues figures per month (default: this month), from the kept tallies."""
    this_month = current_month()
    last = until or this_month
    first = since or last
    if last < first:
        raise BadUserInput("`until` must not be before `since`.", field="until")
    if len(months_between(first, last)) > MAX_PERIOD_MONTHS:
        raise BadUserInput(f"Ask for at most {MAX_PERIOD_MONTHS} months at a time.", field="since")
    context.require_account()
    node = await resolve_organization_by_id(context, org_id)
    if node is None or not context.viewer.can(Permission.READ_DUES, node.path):
        raise not_found("organization whose dues you may read", global_id, field="under")
    async with context.loaders.reads.read() as connection:
        return node, await subtree_months(connection, node.id, first, last)
