"""Moving a subtree of the organisation tree, with everything that follows it.

One statement rewrites the subtree's paths, one per column marked FOLLOWS_MOVES (members,
stations, petitions, word counts …) rewrites theirs, and the subtree's kept figures (member
tallies, petition tallies, organisation hours, dues and meeting compliance tallies) move from
the old ancestors to the new ones.
It lives at the top of db/ because it touches every domain's tables (db/models.py registers
them all), and no domain package may import the others' back.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.dues.tallies import move_dues_tallies
from db.learning.tallies import move_learning_tallies
from db.meetings.subtree_tallies import move_compliance_tallies
from db.members.tallies import move_tallies
from db.models import Base, OrganizationRow  # db.models registers every table's columns
from db.organizations.queries import OrganizationRecord
from db.paths import path_ids, upper_bound
from db.petitions.tallies import move_petition_tallies
from db.stations.organization_hours import move_organization_hours
from db.volunteers.ledger import move_hour_tallies


@dataclass(frozen=True, slots=True)
class Move:
    node: OrganizationRow  # as it is now, under its new parent
    old_path: str
    new_path: str


async def move_subtree(
    session: AsyncSession, node_id: int, new_parent: OrganizationRow | OrganizationRecord
) -> Move:
    """Re-root the node (locked for the move) under `new_parent`."""
    node = await session.get_one(OrganizationRow, node_id, with_for_update=True)
    old_path = node.path
    new_path = f"{new_parent.path}{node.id}/"
    depth_delta = new_parent.depth + 1 - node.depth
    tail = func.substr(OrganizationRow.path, len(old_path) + 1)
    await session.execute(
        update(OrganizationRow)
        .where(OrganizationRow.path >= old_path, OrganizationRow.path < upper_bound(old_path))
        .values(path=new_path + tail, depth=OrganizationRow.depth + depth_delta)
        .execution_options(synchronize_session=False)
    )
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if column.info.get("follows_moves"):
                await session.execute(
                    update(table)
                    .where(column >= old_path, column < upper_bound(old_path))
                    .values({column.name: new_path + func.substr(column, len(old_path) + 1)})
                )
    await session.execute(
        update(OrganizationRow)
        .where(OrganizationRow.id == node.id)
        .values(parent_id=new_parent.id)
        .execution_options(synchronize_session=False)
    )
    old_ancestors, new_ancestors = path_ids(old_path)[:-1], path_ids(new_path)[:-1]
    await move_tallies(session, node.id, old_ancestors, new_ancestors)
    await move_petition_tallies(session, node.id, old_ancestors, new_ancestors)
    await move_organization_hours(session, node.id, old_ancestors, new_ancestors)
    await move_hour_tallies(session, node.id, old_ancestors, new_ancestors)
    await move_dues_tallies(session, node.id, old_ancestors, new_ancestors)
    await move_learning_tallies(session, node.id, old_ancestors, new_ancestors)
    await move_compliance_tallies(session, node.id, old_ancestors, new_ancestors)
    await session.refresh(node)
    return Move(node=node, old_path=old_path, new_path=new_path)
