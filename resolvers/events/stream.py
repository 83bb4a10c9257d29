"""Subscribing to the event stream: scope, resumption and per-event visibility."""

from __future__ import annotations

from collections.abc import AsyncIterator

from db.events.log import EventRow, last_event_id
from db.events.queries import events_before
from db.events.types import EventType
from resolvers.access import (
    EVENT_PERMISSIONS,
    EventFilter,
    Permission,
    Viewer,
    event_permissions,
)
from resolvers.context import Context
from resolvers.errors import BadUserInput, Forbidden
from resolvers.organizations.reads import resolve_scope_under
from resolvers.pagination import MAX_PAGE_SIZE, decode_cursor
from subscriptions.watches import ToPayload, Watch, follow


async def subscribe_events(
    context: Context,
    *,
    under: int | None,
    under_global_id: str | None,
    after: str | None,
    types: set[str],
    to_payload: ToPayload,
) -> AsyncIterator[EventRow]:
    """Checks run now, before the first event, so a bad request fails at once; then the
    events the viewer may see (subscriptions/watches.py)."""
    require_event_reach(context.viewer, types)
    roots = await resolve_scope_under(
        context, Permission.READ_ORGANIZATIONS, under, global_id=under_global_id
    )
    after_id = decode_cursor(after, field="after") if after is not None else None
    accepts = EventFilter(context.viewer, frozenset(types))
    watch = Watch(tuple(roots), accepts, accepts, after_id)
    return follow(context.services.hub, watch, to_payload)


def require_event_reach(viewer: Viewer, types: set[str]) -> None:
    """FORBIDDEN, naming the missing permission, for a stream that could never deliver
    anything: none of the kinds asked for (or, with none asked, no delivered kind at all) has
    its read permission held anywhere by the viewer, or was given to the API key. Said at
    subscribe time, never as silence; what lies outside a held scope is just not delivered."""
    viewer.require_account()
    asked = sorted(types) or [t.value for t in EventType if t.delivered]
    missing: list[Permission] = []
    for value in asked:
        entity = EventType.of(value).entity_type
        permissions = event_permissions(entity)
        if not permissions:
            continue  # delivered to nobody
        if (not viewer.event_types or entity in viewer.event_types) and any(
            viewer.paths_for(permission) for permission in permissions
        ):
            return
        if permissions[0] not in missing:
            missing.append(permissions[0])
    needed = ", ".join(p.value for p in missing) or "a read permission"
    who = (
        f"this API key does not hold {needed} for those kinds of event"
        if viewer.api_key_id is not None
        else f"no role binding of yours grants {needed}"
    )
    raise Forbidden(
        f"These events would never reach you: {who} anywhere. Ask an administrator for a "
        "binding or a key that does.",
        permission=missing[0].value if missing else None,
    )


RECENT_PAGE = 200
RECENT_PAGES = 5


async def resolve_recent_events(
    context: Context, *, under: int | None, under_global_id: str | None, last: int
) -> list[EventRow]:
    """The newest `last` events the viewer may see, oldest first (for a screen's first paint).

    Reads backwards from the head a page at a time, at most RECENT_PAGES pages, so an account
    that may see few of the events in its subtree gets fewer rather than a long scan. Internal
    wake-ups (telemetry's, several a second) are left out in SQL, so they fill no page.
    """
    if not 1 <= last <= MAX_PAGE_SIZE:
        raise BadUserInput(f"`last` must be between 1 and {MAX_PAGE_SIZE}.", field="last")
    require_event_reach(context.viewer, set())
    roots = await resolve_scope_under(
        context, Permission.READ_ORGANIZATIONS, under, global_id=under_global_id
    )
    found: list[EventRow] = []
    before: int | None = None
    async with context.services.database.session() as session:
        for _page in range(RECENT_PAGES):
            rows = await events_before(
                session,
                roots,
                list(EVENT_PERMISSIONS),  # not internal wake-ups
                before=before,
                limit=RECENT_PAGE,
            )
            found += [row for row in rows if context.viewer.may_receive_event(row)]
            if len(found) >= last or len(rows) < RECENT_PAGE:
                break
            before = rows[-1].id
    return list(reversed(found[:last]))


async def resolve_event_cursor(context: Context) -> int:
    """The id of the newest event in the log: a starting point that survives a reconnect."""
    context.require_account()
    async with context.services.database.session() as session:
        return await last_event_id(session)
