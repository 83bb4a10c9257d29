"""The event streams: every domain event in scope, and the stations' status changes; both
resumable by cursor, within the viewer's scope."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from db.events.types import EventType
from resolvers.events import stream as resolvers
from resolvers.stations.screens import subscribe_status_changes
from schema.events.types import DomainEvent, to_event
from schema.info import Info
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.relay import expect_global_id


@strawberry.type
class EventSubscriptions:
    @strawberry.subscription(
        description="实时事件 Domain events in your scope, live. Pass the last `cursor` you "
        "received as `after` to resume: missed events are replayed from the log, in order, once "
        "each."
    )
    async def events(
        self,
        info: Info,
        under: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="组织范围 Only events of this organisation's subtree."),
        ] = None,
        after: Annotated[
            str | None, strawberry.argument(description="续传游标 Resume after this event cursor.")
        ] = None,
        types: Annotated[
            list[EventType] | None,
            strawberry.argument(description="事件类型 Only these kinds of event."),
        ] = None,
    ) -> AsyncGenerator[DomainEvent, None]:
        under_key = expect_global_id(under, ORGANIZATION, field="under") if under else None
        stream = await resolvers.subscribe_events(
            info.context,
            under=under_key,
            under_global_id=under,
            after=after,
            types={event_type.value for event_type in types or ()},
            to_payload=to_event,
        )
        async for row in stream:
            yield to_event(row)


@strawberry.type
class StationStatusSubscriptions:
    @strawberry.subscription(
        description="服务站状态变化 Every status change of the stations in your scope "
        "(STATION_STATUS_CHANGED events, changes {from, to}). Pass the last `cursor` as `after` to "
        "resume without gaps."
    )
    async def station_status_changed(
        self,
        info: Info,
        under: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="组织范围 Only stations of this organisation's subtree."
            ),
        ] = None,
        after: Annotated[
            str | None, strawberry.argument(description="续传游标 Resume after this event cursor.")
        ] = None,
    ) -> AsyncGenerator[DomainEvent, None]:
        under_key = expect_global_id(under, ORGANIZATION, field="under") if under else None
        stream = await subscribe_status_changes(info.context, under_key, under, after, to_event)
        async for row in stream:
            yield to_event(row)
