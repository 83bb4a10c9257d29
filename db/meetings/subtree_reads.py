"""Reads of the kept compliance figures (db/meetings/subtree_tallies.py): a subtree's months,
a primary-key read per subtree; and its branches counted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select

from db.base import core_table
from db.meetings.compliance import JUDGED_KINDS
from db.meetings.subtree_tallies import FIGURES, ComplianceTallyRow
from db.organizations.models import OrganizationRow
from db.paths import within_any
from db.records import Connectable

_O = core_table(OrganizationRow).c
BEHIND_KEY = _O.id  # the key of `branches_behind`'s keyset pages


@dataclass(frozen=True, slots=True)
class SubtreeMonth:
    """A subtree's kept figures for one month (zeros when nothing was held)."""

    month: str
    held: int = 0
    expected: int = 0
    present: int = 0
    month_compliant: int = 0
    quarter_compliant: int = 0
    month_met: int = 0


async def subtree_compliance(
    connection: Connectable, organization_ids: Sequence[int], months: Sequence[str]
) -> dict[str, SubtreeMonth]:
    """The subtrees' figures (summed) for each month: a primary-key read per subtree."""
    t = ComplianceTallyRow.__table__.c
    result = await connection.execute(
        select(t.month, *(func.sum(t[name]) for name in FIGURES))
        .where(t.organization_id.in_(list(organization_ids)), t.month.in_(list(months)))
        .group_by(t.month)
    )
    found = {str(m): SubtreeMonth(str(m), *(int(v or 0) for v in rest)) for m, *rest in result}
    return {month: found.get(month, SubtreeMonth(month)) for month in months}


async def count_branches(connection: Connectable, roots: Sequence[str]) -> int:
    """How many branches the subtrees hold (an index range on the organisations' paths)."""
    result = await connection.execute(
        select(func.count()).where(within_any(_O.path, roots), _O.kind.in_(JUDGED_KINDS))
    )
    return int(result.scalar() or 0)


def branches_behind(roots: Sequence[str], month: str, *, quarter: bool) -> Select[Any]:
    """The subtrees' branches whose kept flag for `month` says they are behind (this month's
    kinds, or the quarter's so far), as (id, path) for a keyset page by id: an index range
    over the branches with a primary-key probe of each one's row, stopping at the page."""
    t = ComplianceTallyRow.__table__.c
    flag = t.quarter_compliant if quarter else t.month_compliant
    joined = core_table(OrganizationRow).outerjoin(
        ComplianceTallyRow.__table__, (t.organization_id == _O.id) & (t.month == month)
    )
    return (
        select(_O.id, _O.path)
        .select_from(joined)
        .where(
            within_any(_O.path, roots),
            _O.kind.in_(JUDGED_KINDS),
            func.coalesce(flag, 0) == 0,
        )
    )
