"""Reads of the event log for a screen's first paint: the newest events of some subtrees."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.events.log import EventRow, in_scope


async def events_before(
    session: AsyncSession,
    roots: Sequence[str],
    entity_types: Sequence[str],
    *,
    before: int | None,
    limit: int,
) -> list[EventRow]:
    """Up to `limit` events of the subtrees about `entity_types`, newest first, below `before`.

    Events stay ORM rows: the event hub streams the same type to every subscriber.
    """
    query = select(EventRow).where(
        in_scope(roots, before=before), EventRow.entity_type.in_(entity_types)
    )
    if before is not None:
        query = query.where(EventRow.id < before)
    return list(await session.scalars(query.order_by(EventRow.id.desc()).limit(limit)))
