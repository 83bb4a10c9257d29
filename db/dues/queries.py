"""Reads of dues: the brackets in force, declared bases, accounts, ledger entries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Date, Integer, Select, and_, bindparam, func, or_, select

from db.base import core_table
from db.dues.models import (
    DuesAccountRow,
    DuesBaseRow,
    DuesBracketRow,
    DuesCategory,
    DuesPaidMonthRow,
    DuesPaymentRow,
    PaymentKind,
)
from db.list_shapes import ListQuery, Shape, scope_values, within_scope
from db.members.models import MemberRow, MemberStatus, Occupation
from db.paths import within_any
from db.records import ByKeys, Connectable, record_columns, row_record


@row_record
class BracketRecord:
    category: DuesCategory
    effective_month: date
    up_to_fen: int | None
    rate_bp: int | None
    fixed_fen: int | None


@row_record
class BaseRecord:
    id: int
    member_id: int
    effective_month: date
    category: DuesCategory
    base_fen: int
    created_at: datetime


@row_record
class AccountRecord:
    member_id: int
    organization_id: int
    org_path: str
    start_month: date
    months_paid: int
    paid_fen: int
    paid_through_index: int
    last_paid_month: date | None
    closed_month: date | None = None  # the last month due, once the member left the platform


@row_record
class PaymentRecord:
    id: int
    member_id: int
    organization_id: int
    org_path: str
    kind: PaymentKind
    amount_fen: int
    months: list[str]
    reverses_payment_id: int | None
    note: str | None
    created_at: datetime


BRACKET_COLUMNS = record_columns(BracketRecord, DuesBracketRow)
BASE_COLUMNS = record_columns(BaseRecord, DuesBaseRow)
ACCOUNT_COLUMNS = record_columns(AccountRecord, DuesAccountRow)
PAYMENT_COLUMNS = record_columns(PaymentRecord, DuesPaymentRow)
_B = core_table(DuesBracketRow).c
_D = core_table(DuesBaseRow).c
_A = core_table(DuesAccountRow).c
_P = core_table(DuesPaymentRow).c
_M = core_table(DuesPaidMonthRow).c
PAYMENT_KEY = _P.id
ACCOUNT_KEY = _A.member_id
_ACCOUNT_BY_MEMBER = ByKeys(lambda keys: select(*ACCOUNT_COLUMNS).where(keys), _A.member_id)
_PAYMENT_BY_ID = ByKeys(lambda keys: select(*PAYMENT_COLUMNS).where(keys), _P.id)


async def all_brackets(connection: Connectable) -> list[BracketRecord]:
    """Every bracket ever in force (a few dozen rows): the rule picks the month's own."""
    result = await connection.execute(
        select(*BRACKET_COLUMNS).order_by(_B.category, _B.effective_month, _B.up_to_fen)
    )
    return [BracketRecord(*row) for row in result]


async def bases_of_member(connection: Connectable, member_id: int) -> list[BaseRecord]:
    """The member's declarations, in the order they take effect (later declarations of the
    same month last: they take over)."""
    result = await connection.execute(
        select(*BASE_COLUMNS).where(_D.member_id == member_id).order_by(_D.effective_month, _D.id)
    )
    return [BaseRecord(*row) for row in result]


async def accounts_by_members(
    connection: Connectable, member_ids: Sequence[int]
) -> dict[int, AccountRecord]:
    rows = await _ACCOUNT_BY_MEMBER.rows(connection, member_ids)
    return {row[0]: AccountRecord(*row) for row in rows}


async def payments_by_ids(connection: Connectable, ids: Sequence[int]) -> dict[int, PaymentRecord]:
    return {row[0]: PaymentRecord(*row) for row in await _PAYMENT_BY_ID.rows(connection, ids)}


async def paid_months_of_member(connection: Connectable, member_id: int) -> dict[date, int]:
    """The months paid now, with the amount each was paid with."""
    result = await connection.execute(
        select(_M.month, _M.amount_fen).where(_M.member_id == member_id).order_by(_M.month)
    )
    return {month: int(amount) for month, amount in result}


async def reversed_payment_ids(connection: Connectable, ids: Sequence[int]) -> set[int]:
    if not ids:
        return set()
    result = await connection.execute(
        select(_P.reverses_payment_id).where(_P.reverses_payment_id.in_(list(ids)))
    )
    return {int(row[0]) for row in result}


def payment_list(member_id: int) -> ListQuery:
    """The member's ledger entries; page by PAYMENT_KEY."""
    return ListQuery(_payments, (), {"member": member_id})


def _payments(dialect: str, shape: Shape) -> Select[Any]:
    return select(*PAYMENT_COLUMNS).where(_P.member_id == bindparam("member"))


async def ledger_sum(connection: Connectable, member_id: int) -> int:
    """The sum of the member's entries (the recount of the kept `paid_fen`)."""
    result = await connection.execute(
        select(func.coalesce(func.sum(_P.amount_fen), 0)).where(_P.member_id == member_id)
    )
    return int(result.scalar() or 0)


def arrears_list(roots: Sequence[str], this_month: date, at_least: int) -> ListQuery:
    """Accounts in the subtrees at `roots` with `at_least` months in arrears before
    `this_month` (see DuesAccountRow): one index range per root; page by ACCOUNT_KEY."""
    scope, values = scope_values(roots)
    values["through"], values["late_through"], values["month"] = _bounds(this_month, at_least)
    return ListQuery(_arrears, (scope,), values)


def _arrears(dialect: str, shape: Shape) -> Select[Any]:
    (scope,) = shape
    bounds = _arrears_condition(
        bindparam("through", type_=Integer()),
        bindparam("late_through", type_=Integer()),
        bindparam("month", type_=Date()),
    )
    return select(*ACCOUNT_COLUMNS).where(bounds, within_scope(_A.org_path, scope))


async def members_in_arrears(
    connection: Connectable, roots: Sequence[str], this_month: date, at_least: int
) -> set[int]:
    """Ids of the members whose accounts `arrears_list` lists (for the demo's choices)."""
    result = await connection.execute(
        select(_A.member_id).where(in_arrears(this_month, at_least), within_any(_A.org_path, roots))
    )
    return {row.member_id for row in result}


def in_arrears(this_month: date, at_least: int) -> ColumnElement[bool]:
    """SQL: the account has `at_least` months in arrears before `this_month`."""
    return _arrears_condition(*_bounds(this_month, at_least))


def _bounds(this_month: date, at_least: int) -> tuple[int, int, date]:
    """What `_arrears_condition` compares with: the latest `paid_through_index` of an account
    `at_least` months in arrears, the same a month earlier, and this month."""
    current = this_month.year * 12 + this_month.month - 1
    return current - at_least, current - 1 - at_least, this_month


def _arrears_condition(through: Any, late_through: Any, month: Any) -> ColumnElement[bool]:
    """One index range (paid_through_index first: the few in arrears), then a cheap filter:
    paid through `late_through`, or through `through` with this month (`month`) paid."""
    return and_(
        _A.paid_through_index <= through,
        _A.closed_month.is_(None),
        or_(_A.paid_through_index <= late_through, _A.last_paid_month == month),
    )


async def members_owing_dues(
    connection: Connectable, root_path: str
) -> list[tuple[int, int, str, Occupation, MemberStatus]]:
    """(id, branch id, branch path, occupation, status) of the full and probationary members
    of the subtree (those who pay dues), in id order."""
    m = core_table(MemberRow).c
    result = await connection.execute(
        select(m.id, m.branch_id, m.org_path, m.occupation, m.status)
        .where(
            within_any(m.org_path, [root_path]),
            m.status.in_([MemberStatus.FULL, MemberStatus.PROBATIONARY]),
        )
        .order_by(m.id)
    )
    return [(int(k), int(b), str(p), o, s) for k, b, p, o, s in result]


async def any_account_under(connection: Connectable, root_path: str) -> bool:
    found = await connection.execute(
        select(_A.member_id).where(within_any(_A.org_path, [root_path])).limit(1)
    )
    return found.first() is not None
