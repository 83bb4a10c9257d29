"""Subscribing to the event stream: scope, resumption and per-event visibility."""

from __future__ import annotations

from collections.abc import AsyncIterator

from db.events import EventRow, last_event_id
from resolvers.access import Permission
from resolvers.context import Context
from resolvers.organizations import resolve_scope_under
from resolvers.pagination import decode_cursor

# What a viewer must hold where an event happened to receive it.
EVENT_PERMISSIONS = {
    "organization": Permission.READ_ORGANIZATIONS,
    "member": Permission.READ_MEMBERS,
    "petition": Permission.READ_PETITIONS,
    "station": Permission.READ_STATIONS,
}


async def subscribe_events(
    context: Context,
    *,
    under: int | None,
    under_global_id: str | None,
    after: str | None,
    types: set[str],
) -> AsyncIterator[EventRow]:
    """Checks run now, before the first event, so a bad request fails at once."""
    roots = await resolve_scope_under(
        context, Permission.READ_ORGANIZATIONS, under, global_id=under_global_id
    )
    after_id = decode_cursor(after, field="after") if after is not None else None
    return _visible_events(context, roots, after_id, types)


async def _visible_events(
    context: Context, roots: list[str], after_id: int | None, types: set[str]
) -> AsyncIterator[EventRow]:
    viewer = context.viewer
    async for row in context.services.hub.stream(roots, after_id):
        if types and row.type not in types:
            continue
        permission = EVENT_PERMISSIONS.get(row.entity_type)
        if permission is not None and viewer.can(permission, row.org_path):
            yield row


async def resolve_event_cursor(context: Context) -> int:
    """The id of the newest event in the log: a starting point that survives a reconnect."""
    context.require_account()
    async with context.services.database.session() as session:
        return await last_event_id(session)
