"""Reads for the dues' reminder rules: party members with an account who have not paid the
month's dues (every paid month is this one or earlier, so the last one paid tells); the
branches with members long in arrears, for their secretaries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func, literal, or_, select

from db.accounts.models import MemberAccountRow
from db.base import UtcDateTime, core_table
from db.dues.models import DuesAccountRow
from db.dues.queries import in_arrears
from db.engine import Session
from db.organizations.models import OrganizationRow
from db.paths import within_any
from db.reminders.queries import not_yet_reminded

LIMIT = 5000


async def members_unpaid_for(
    session: Session, rule: str, month: date, due_at: datetime
) -> list[tuple[int, int]]:
    """(member, account) of members with an account whose dues account is open for `month`
    (not closed: a member who left the platform is reminded of nothing),
    who have not paid it and whom `rule` has not reminded of it, at most LIMIT."""
    query = (
        select(DuesAccountRow.member_id, MemberAccountRow.account_id)
        .join(MemberAccountRow, MemberAccountRow.member_id == DuesAccountRow.member_id)
        .where(
            DuesAccountRow.start_month <= month,
            DuesAccountRow.closed_month.is_(None),
            or_(DuesAccountRow.last_paid_month.is_(None), DuesAccountRow.last_paid_month < month),
            not_yet_reminded(
                rule,
                MemberAccountRow.account_id,
                DuesAccountRow.member_id,
                literal(due_at, UtcDateTime()),
            ),
        )
        .order_by(DuesAccountRow.member_id)
        .limit(LIMIT)
    )
    return [(member_id, account_id) for member_id, account_id in await session.execute(query)]


@dataclass(frozen=True, slots=True)
class BranchArrears:
    """A branch's members in arrears this month: `owing` with a month or more, `flagged`
    with ARREARS_FLAG_MONTHS or more."""

    organization_id: int
    org_path: str
    name: str
    owing: int
    flagged: int


async def branches_in_arrears(
    session: Session, roots: Sequence[str], this_month: date, flag_months: int
) -> list[BranchArrears]:
    """The branches of the subtrees with a member `flag_months` or more in arrears, with their
    counts: the accounts in arrears are read by index (the few in arrears first), grouped by
    branch."""
    o = core_table(OrganizationRow).c
    a = core_table(DuesAccountRow).c
    flagged = func.sum(case((in_arrears(this_month, flag_months), 1), else_=0))
    query = (
        select(a.organization_id, o.path, o.name, func.count(), flagged)
        .join(core_table(OrganizationRow), o.id == a.organization_id)
        .where(in_arrears(this_month, 1), within_any(a.org_path, roots))
        .group_by(a.organization_id, o.path, o.name)
        .having(flagged > 0)
        .order_by(a.organization_id)
    )
    return [
        BranchArrears(int(key), str(path), str(name), int(owing), int(late))
        for key, path, name, owing, late in await session.execute(query)
    ]
