"""Organisation writes: creating a node at its place in the tree, changing its details."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncSession

from db.organizations.models import OrganizationRow
from db.organizations.queries import OrganizationRecord
from db.paths import child_path


async def insert_organization(
    session: AsyncSession,
    parent: OrganizationRow | OrganizationRecord,
    values: Mapping[str, object],
) -> OrganizationRow:
    """A new node under `parent`; its path holds its own id, so it is set once the id is known.
    A taken code fails the transaction."""
    code = values["code"]
    row = OrganizationRow(
        **values, parent_id=parent.id, path=f"~new-{code}", depth=parent.depth + 1
    )
    session.add(row)
    await session.flush()
    row.path = child_path(parent.path, row.id)
    await session.flush()
    return row


async def change_organization(
    session: AsyncSession, organization_id: int, values: Mapping[str, object]
) -> OrganizationRow:
    """Set the values (name, code, kind, place) on the node; a taken code fails the
    transaction."""
    row = await session.get_one(OrganizationRow, organization_id)
    for key, value in values.items():
        setattr(row, key, value)
    await session.flush()
    return row
