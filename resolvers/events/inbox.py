"""Following one's own inbox: the events logged for one person (their reminders, the steps of
the petitions they raised) at their inbox path (db/paths.py), which no organisation's scope
covers, so the hub offers such a stream nothing else and nobody else hears of them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from db.events.log import EventRow
from db.events.types import EventType
from db.paths import inbox_path
from resolvers.context import Context
from resolvers.pagination import decode_cursor
from subscriptions.watches import ToPayload, Watch, follow


@dataclass(frozen=True, slots=True)
class InboxFilter:
    """One person's events of some types; a plain value, so it is also its own share key."""

    account_id: int
    types: frozenset[str]

    def __call__(self, row: EventRow) -> bool:
        return row.type in self.types and row.org_path == inbox_path(self.account_id)


async def follow_inbox(
    context: Context, types: frozenset[EventType], after: str | None, to_payload: ToPayload
) -> AsyncIterator[EventRow]:
    """Checked now, before the first event: the viewer must be signed in, `after` a cursor."""
    account_id = context.require_account()
    after_id = decode_cursor(after, field="after") if after is not None else None
    accepts = InboxFilter(account_id, frozenset(kind.value for kind in types))
    watch = Watch((inbox_path(account_id),), accepts, accepts, after_id)
    return follow(context.services.hub, watch, to_payload)
