"""Reading the event log: recent events and the current cursor."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.events import stream as resolvers
from resolvers.pagination import encode_cursor
from schema.events.types import DomainEvent, to_event
from schema.info import Info
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.relay import expect_global_id


@strawberry.type
class EventQueries:
    @strawberry.field(
        description="最新事件游标 The cursor of the newest event in the log. Subscribe to `events` "
        "with `after:` this value to receive everything from now on, even across a reconnect that "
        "happens before the first event arrives."
    )
    async def event_cursor(self, info: Info) -> str:
        return encode_cursor(await resolvers.resolve_event_cursor(info.context))

    @strawberry.field(
        description="最近事件 The newest events you may see, oldest first: a screen's first paint. "
        "Subscribe to `events` with `after:` the last one's cursor to continue live."
    )
    async def recent_events(
        self,
        info: Info,
        under: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="组织范围 Only events of this organisation's subtree."),
        ] = None,
        last: Annotated[int, strawberry.argument(description="条数 How many (1-100).")] = 20,
    ) -> list[DomainEvent]:
        under_key = expect_global_id(under, ORGANIZATION, field="under") if under else None
        rows = await resolvers.resolve_recent_events(
            info.context, under=under_key, under_global_id=under, last=last
        )
        return [to_event(row) for row in rows]
