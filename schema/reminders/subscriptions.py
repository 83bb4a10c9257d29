"""Your new reminders, live."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from resolvers.reminders.live import subscribe_my_reminders
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
            str | None, strawberry.argument(description="Resume after this cursor.")
        ] = None,
    ) -> AsyncGenerator[ReminderDelivery, None]:
        stream = await subscribe_my_reminders(info.context, after, to_delivery)
        async for row in stream:
            yield to_delivery(row)
