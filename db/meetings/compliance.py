"""Reads for compliance 组织生活达标: the branches of a subtree, and their kept tallies for some
months (index ranges on the organisations' and the tallies' paths; no meeting is scanned)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from db.base import core_table
from db.meetings.tallies import MeetingTallyRow
from db.organizations.models import OrganizationRow, PartyOrgKind
from db.paths import within_any
from db.records import Connectable, row_record

_O = core_table(OrganizationRow).c
_T = core_table(MeetingTallyRow).c
# The organisations judged: branches 支部 (a party group's meetings count for its branch).
JUDGED_KINDS = (PartyOrgKind.BRANCH,)


@dataclass(frozen=True, slots=True)
class BranchRef:
    id: int
    path: str


@row_record
class TallyRecord:
    org_path: str
    month: str
    kind_code: str
    held: int
    expected: int
    present: int


async def branches_under(connection: Connectable, roots: Sequence[str]) -> list[BranchRef]:
    """The branches in the subtrees, in id order."""
    result = await connection.execute(
        select(_O.id, _O.path)
        .where(within_any(_O.path, roots), _O.kind.in_(JUDGED_KINDS))
        .order_by(_O.id)
    )
    return [BranchRef(key, path) for key, path in result]


async def tallies_under(
    connection: Connectable, roots: Sequence[str], months: Sequence[str]
) -> list[TallyRecord]:
    """The kept tallies of the subtrees for the months."""
    result = await connection.execute(
        select(_T.org_path, _T.month, _T.kind_code, _T.held, _T.expected, _T.present).where(
            within_any(_T.org_path, roots), _T.month.in_(list(months))
        )
    )
    return [TallyRecord(*row) for row in result]
