"""The kept figure behind the absent count 口袋党员: each member's last month with any presence
(`members.last_present_month`), counted per organisation subtree and month in the member
tallies (dimension `last_present`, Party members only: db/members/tallies.py). The Party
members of a subtree with no presence from a month on are then one range read of that
subtree's row keys below the month, whatever the number of members under it.

The month is kept in the transactions that write presence (db/presence/tallies.py
`add_presence`): the members whose figures changed are locked in id order, their last month
recounted from their kept months (a reversal can take it back), and only those whose month
moved are re-tallied. Status and branch changes move it with the member's other tallies
(db/members/writes.py), subtree moves with the subtree's (db/moves.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import core_table
from db.members.models import MemberRow
from db.members.tallies import (
    LAST_PRESENT,
    REBUILD_CHUNK,
    MemberTallyRow,
    Placement,
    last_present_counts,
    presence_key,
    retally_all,
    to_ancestors,
)
from db.presence.models import PresenceMonthRow

_P = core_table(PresenceMonthRow).c
_M = core_table(MemberRow).c
_ANY = (_P.meetings + _P.dues_months + _P.check_ins) > 0


async def follow_last_present(session: AsyncSession, member_ids: Sequence[int]) -> None:
    """Keep the members' last month present in step with their kept months (call after their
    months changed, in the same transaction)."""
    keys = sorted(set(member_ids))
    if not keys:
        return
    members = (
        await session.execute(
            select(_M.id, _M.org_path, _M.status, _M.last_present_month)
            .where(_M.id.in_(keys))
            .order_by(_M.id)
            # FOR NO KEY UPDATE: only a non-key column changes, so rows that refer to the
            # member (the presence month just written, whose key check holds KEY SHARE on it in
            # a concurrent writer) do not block it into a deadlock
            .with_for_update(key_share=True)
        )
    ).all()
    latest = dict(
        (
            await session.execute(
                select(_P.member_id, func.max(_P.month))
                .where(_P.member_id.in_(keys), _ANY)
                .group_by(_P.member_id)
            )
        ).all()
    )
    moves: list[tuple[Placement | None, Placement | None]] = []
    for member_id, path, status, before in members:
        after = _as_date(latest.get(member_id))
        if after == before:
            continue
        await session.execute(
            update(MemberRow).where(MemberRow.id == member_id).values(last_present_month=after)
        )
        if status.is_party_member:
            moves.append(
                (
                    (path, [(LAST_PRESENT, presence_key(before))]),
                    (path, [(LAST_PRESENT, presence_key(after))]),
                )
            )
    await retally_all(session, moves)


def _as_date(value: object) -> date | None:
    """A MAX over a date column: a date on PostgreSQL, text on SQLite."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


_LATEST = (
    select(func.max(_P.month))
    .where(_P.member_id == _M.id, _ANY)
    .correlate(core_table(MemberRow))
    .scalar_subquery()
)
_SET_LATEST = update(core_table(MemberRow)).values(last_present_month=_LATEST)


async def rebuild_last_present(session: AsyncSession) -> None:
    """Recount every member's last month present from the kept months, and its tallies (after
    presence is rebuilt or bulk-loaded)."""
    await session.execute(_SET_LATEST)
    await session.execute(delete(MemberTallyRow).where(MemberTallyRow.dimension == LAST_PRESENT))
    rows = to_ancestors(LAST_PRESENT, (await session.execute(last_present_counts())).all())
    for start in range(0, len(rows), REBUILD_CHUNK):
        await session.execute(
            insert(core_table(MemberTallyRow)), rows[start : start + REBUILD_CHUNK]
        )


def rebuild_last_present_now(connection: Connection) -> None:
    """The same on a synchronous connection (the migration that introduced the figure)."""
    connection.execute(_SET_LATEST)
    connection.execute(delete(MemberTallyRow).where(MemberTallyRow.dimension == LAST_PRESENT))
    rows = to_ancestors(LAST_PRESENT, connection.execute(last_present_counts()).all())
    for start in range(0, len(rows), REBUILD_CHUNK):
        connection.execute(insert(core_table(MemberTallyRow)), rows[start : start + REBUILD_CHUNK])
