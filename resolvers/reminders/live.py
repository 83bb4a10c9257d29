"""Following one's own reminders live: the person's inbox path is the only subtree watched, so
the hub offers this stream nothing else (db/paths.py)."""

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
class ReminderFilter:
    """A person's new reminders; a plain value, so it is also its own share key."""

    account_id: int

    def __call__(self, row: EventRow) -> bool:
        return row.type == EventType.REMINDER_CREATED.value and row.org_path == inbox_path(
            self.account_id
        )


async def subscribe_my_reminders(
    context: Context, after: str | None, to_payload: ToPayload
) -> AsyncIterator[EventRow]:
    """Checked now, before the first event: the viewer must be signed in."""
    account_id = context.require_account()
    after_id = decode_cursor(after, field="after") if after is not None else None
    accepts = ReminderFilter(account_id)
    watch = Watch((inbox_path(account_id),), accepts, accepts, after_id)
    return follow(context.services.hub, watch, to_payload)
