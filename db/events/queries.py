"""Reads of the event log for a screen's first paint: the newest events of some subtrees."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from db.events.log import EventRow, read_scoped


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
    return await read_scoped(session, roots, limit=limit, before=before, entity_types=entity_types)
