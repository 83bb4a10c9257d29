"""Reads of presence 在场: members' figures over a window of months (batched by member), one
member's months, and the party members of a subtree with no presence in a window (口袋党员
candidates): a range of the members' path index with one probe of the kept months per
member, never a scan of attendance, dues or activity tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Date, Select, String, and_, bindparam, case, exists, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.base import core_table
from db.list_shapes import ListQuery, Shape, one_of, scope_values, within_scope
from db.members.models import PARTY_MEMBER_STATUSES, MemberRow
from db.members.queries import COLUMNS as MEMBER_COLUMNS
from db.members.tallies import LAST_PRESENT, MemberTallyRow, presence_key
from db.presence.models import PresenceMonthRow
from db.records import ByKeys, Connectable

_P = core_table(PresenceMonthRow).c
_M = core_table(MemberRow).c
_SINCE = bindparam("since", type_=Date())
_ANY = (_P.meetings + _P.dues_months + _P.check_ins) > 0
_IN_WINDOW = and_(_P.month >= _SINCE, _ANY)


@dataclass(frozen=True, slots=True)
class PresenceFigures:
    """A member's presence in the months from `since` on (and their last month present ever)."""

    member_id: int
    meetings: int
    dues_months: int
    check_ins: int
    present_months: int
    last_present_month: date | None


def _in_window(column: Any) -> Any:
    return func.coalesce(func.sum(case((_P.month >= _SINCE, column), else_=0)), 0)


_FIGURES = ByKeys(
    lambda keys: (
        select(
            _P.member_id,
            _in_window(_P.meetings),
            _in_window(_P.dues_months),
            _in_window(_P.check_ins),
            func.coalesce(func.sum(case((_IN_WINDOW, 1), else_=0)), 0),
            func.max(case((_ANY, _P.month), else_=None)),
        )
        .where(keys)
        .group_by(_P.member_id)
    ),
    _P.member_id,
)


async def presence_by_members(
    connection: AsyncConnection, member_ids: Sequence[int], since: date
) -> dict[int, PresenceFigures]:
    """The members' figures from `since` on; a member with no month kept is absent here."""
    rows = await _FIGURES.rows(connection, member_ids, since=since)
    return {
        row[0]: PresenceFigures(
            row[0], int(row[1]), int(row[2]), int(row[3]), int(row[4]), _as_date(row[5])
        )
        for row in rows
    }


def _as_date(value: Any) -> date | None:
    """A MAX over a date column: a date on PostgreSQL, text on SQLite."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


@dataclass(frozen=True, slots=True)
class PresenceMonth:
    member_id: int
    month: date
    meetings: int
    dues_months: int
    check_ins: int


_MONTHS = ByKeys(
    lambda keys: (
        select(_P.member_id, _P.month, _P.meetings, _P.dues_months, _P.check_ins)
        .where(keys, _IN_WINDOW)
        .order_by(_P.member_id, _P.month)
    ),
    _P.member_id,
)


async def months_by_members(
    connection: AsyncConnection, member_ids: Sequence[int], since: date
) -> dict[int, list[PresenceMonth]]:
    """Each member's months with any presence from `since` on, oldest first."""
    found: dict[int, list[PresenceMonth]] = {}
    for row in await _MONTHS.rows(connection, member_ids, since=since):
        found.setdefault(row[0], []).append(PresenceMonth(*row))
    return found


_T = core_table(MemberTallyRow).c
_ABSENT = ByKeys(
    lambda keys: select(func.coalesce(func.sum(_T.n), 0)).where(
        keys, _T.dimension == LAST_PRESENT, _T.key < bindparam("below", type_=String())
    ),
    _T.organization_id,
)


async def absent_count(connection: Connectable, root_ids: Sequence[int], since: date) -> int:
    """How many Party members of the subtrees at `root_ids` (disjoint) have no presence from
    `since` on: one range of each root's kept `last_present` tallies below the month
    (db/presence/last_present.py), whatever the number of members under them."""
    rows = await _ABSENT.rows(connection, root_ids, below=presence_key(since))
    return int(rows[0][0] or 0) if rows else 0


_PRESENT = exists().where(_P.member_id == _M.id, _P.month >= _SINCE, _ANY)
_PARTY = [status.value for status in PARTY_MEMBER_STATUSES]


def absent_list(roots: Sequence[str], since: date) -> ListQuery:
    """Party members (probationary and full) of branches in the subtrees at `roots` with no
    presence from `since` on; page it by the members' key (db/members/queries.py MEMBER_KEY)."""
    scope, values = scope_values(roots)
    values["since"] = since
    values["party"] = _PARTY
    return ListQuery(_absent, (scope,), values)


def _absent(dialect: str, shape: Shape) -> Select[Any]:
    (scope,) = shape
    return select(*MEMBER_COLUMNS).where(
        within_scope(_M.org_path, scope), one_of(dialect, _M.status, "party", String()), ~_PRESENT
    )
