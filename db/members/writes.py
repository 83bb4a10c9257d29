"""Member writes: each keeps the member tallies in step, in the writer's transaction."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncSession

from db.members.models import MemberRow
from db.members.tallies import member_tallies, retally


async def insert_member(
    session: AsyncSession, values: Mapping[str, object], org_path: str
) -> MemberRow:
    """A new member in the branch at `org_path`; a taken ID-card number fails the transaction."""
    row = MemberRow(**values, org_path=org_path)
    session.add(row)
    await session.flush()
    await retally(session, None, (row.org_path, member_tallies(row)))
    return row


async def lock_member(session: AsyncSession, member_id: int) -> MemberRow:
    """The member, locked until the transaction ends (its version is then current)."""
    return await session.get_one(MemberRow, member_id, with_for_update=True)


async def change_member(
    session: AsyncSession, row: MemberRow, values: Mapping[str, object]
) -> None:
    """Set the values on a locked member, bump its version, move its tallies."""
    before = (row.org_path, member_tallies(row))
    for key, value in values.items():
        setattr(row, key, value)
    row.version += 1
    await session.flush()
    await retally(session, before, (row.org_path, member_tallies(row)))
