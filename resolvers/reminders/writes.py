"""Marking one's own reminders read."""

from __future__ import annotations

from collections.abc import Mapping

from db.base import utcnow
from db.reminders.queries import unread_count
from db.reminders.writes import mark_read, owned_ids
from resolvers.context import Context
from resolvers.errors import BadUserInput, not_found

MAX_IDS = 100


async def resolve_mark_reminders_read(
    context: Context, ids: Mapping[int, str] | None
) -> tuple[list[int], int]:
    """Mark the given reminders (their keys, with the global IDs the client sent) or, when
    `ids` is None, all of yours read; the keys that changed and the unread count after. An ID
    that is not one of yours is NOT_FOUND and nothing changes; one already read stays as it
    was."""
    account_id = context.require_account()
    if ids is not None and len(ids) > MAX_IDS:
        raise BadUserInput(
            f"Mark at most {MAX_IDS} reminders at a time, or pass `all: true`.", field="ids"
        )
    async with context.services.database.transaction() as session:
        if ids is not None:
            mine = await owned_ids(session, account_id, list(ids))
            for key, global_id in ids.items():
                if key not in mine:
                    raise not_found("Reminder", global_id, field="ids")
        changed = await mark_read(session, account_id, None if ids is None else list(ids), utcnow())
        left = await unread_count(session, account_id)
    return changed, left
