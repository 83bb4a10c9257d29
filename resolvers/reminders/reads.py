"""A person's own reminders: nobody reads anyone else's, whatever their roles."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from db.pagination import Page, PageRequest, paginate
from db.reminders.queries import (
    LIST_KEY,
    ListedReminder,
    ReminderRecord,
    reminder_list,
    unread_count,
)
from resolvers.context import Context


async def resolve_reminder_by_id(context: Context, reminder_id: int) -> ReminderRecord | None:
    account_id = context.require_account()
    row = await context.loaders.reminders.by_id.load(reminder_id)
    return row if row is not None and row.account_id == account_id else None


async def resolve_my_reminders(
    context: Context, request: PageRequest, *, unread_only: bool
) -> tuple[Page[ListedReminder], Callable[[], Awaitable[int]]]:
    """Unread first, newest first within each part (db/reminders/queries.py)."""
    account_id = context.require_account()
    query = reminder_list(account_id, unread_only=unread_only)
    return await paginate(
        context.loaders.reads.read, query, LIST_KEY, request, ListedReminder.of_row
    )


async def resolve_my_unread_count(context: Context) -> int:
    account_id = context.require_account()
    async with context.loaders.reads.read() as connection:
        return await unread_count(connection, account_id)
