"""Your reminders: the list (unread first) and how many are unread."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.pagination import page_request
from resolvers.reminders.reads import resolve_my_reminders, resolve_my_unread_count
from schema.info import Info
from schema.relay import Connection, build_connection, page_argument
from schema.reminders.types import Reminder


@strawberry.type
class ReminderQueries:
    @strawberry.field(
        description="Your reminders 我的提醒: unread first, newest first within read and unread."
    )
    async def my_reminders(
        self,
        info: Info,
        unread_only: Annotated[
            bool, strawberry.argument(description="Only those not yet read 仅未读.")
        ] = False,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[Reminder]:
        request = page_request(first=first, after=after, last=last, before=before)
        page, count = await resolve_my_reminders(info.context, request, unread_only=unread_only)
        return build_connection(page, Reminder.from_row, count)

    @strawberry.field(description="How many of your reminders are unread 未读提醒数.")
    async def my_unread_reminder_count(self, info: Info) -> int:
        return await resolve_my_unread_count(info.context)
