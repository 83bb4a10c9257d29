"""Your new reminders, live."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from db.events.types import EventType
from resolvers.events.inbox import follow_inbox
from schema.info import Info
from schema.reminders.types import ReminderDelivery, to_delivery


@strawberry.type
class ReminderSubscriptions:
    @strawberry.subscription(
        description="Your new reminders 新提醒, live, each once. Pass the last `cursor` you "
        "received as `after` to resume: reminders produced meanwhile are replayed, in order."
    )
    async def reminder_received(
        self,
        info: Info,
        after: Annotated[
            str | None, strawberry.argument(description="续传游标 Resume after this cursor.")
        ] = None,
    ) -> AsyncGenerator[ReminderDelivery, None]:
        stream = await follow_inbox(
            info.context, frozenset({EventType.REMINDER_CREATED}), after, to_delivery
        )
        async for row in stream:
            yield to_delivery(row)
