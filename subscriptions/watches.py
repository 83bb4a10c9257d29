"""Following the event log for one subscriber: the entry point of resolvers' subscriptions.

Contract: a resolver decides who may watch what, then describes the watch as a plain value
(`Watch`: the subtrees, a filter on single events, the filter's key, the cursor to resume
after) and `follow` yields its events, in id order, each once, from `after` (or from now).
Where they come from is the transport's business: a graphql-transport-ws operation that can
share its results (the transport sets CURRENT_OPERATION and CURRENT_SOCKET) joins its
operation's live group (subscriptions/live_groups.py), which writes most frames straight to the
socket; anything else (HTTP, the legacy protocol, tools and tests) reads a stream of its own
(subscriptions/streams.py).

`to_payload` turns an event into the root value the subscription yields for it (the schema's
`to_event`); a live group calls it once per event to execute the operation for all its
members. That per-event call back into the schema is inherent to sharing one execution: the
group must build the same root value the subscriber's own resolver would have yielded.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Callable, Hashable
from dataclasses import dataclass

from db.events.log import EventRow
from subscriptions.hub import EventHub
from subscriptions.live_groups import (
    CURRENT_OPERATION,
    CURRENT_SOCKET,
    Accept,
    live_groups_of,
    member_rows,
)

ToPayload = Callable[[EventRow], object]


@dataclass(frozen=True, slots=True)
class Watch:
    """What one subscriber follows."""

    roots: tuple[str, ...]  # the subtrees (materialized paths) it may receive events of
    accepts: Accept  # a plain predicate on one event (its types, the viewer's permissions)
    key: Hashable  # equal keys accept the same events (for the same viewer)
    after: int | None  # the last event id it has; None: only events from now on


def follow(hub: EventHub, watch: Watch, to_payload: ToPayload) -> AsyncIterator[EventRow]:
    """The watch's events; see the module's contract."""
    operation, socket = CURRENT_OPERATION.get(), CURRENT_SOCKET.get()
    if operation is not None and socket is not None and operation.share_key is not None:
        shared = operation

        async def execute(row: EventRow) -> str | None:
            return await shared.encoded(to_payload(row))

        group = live_groups_of(hub).group(operation.share_key, execute)
        rows = member_rows(
            group,
            socket.send_now,
            socket.prefix,
            watch.roots,
            watch.accepts,
            watch.key,
            watch.after,
        )
        return _counted(hub, rows)
    return _counted(hub, _own_stream(hub, watch))


async def _counted(hub: EventHub, rows: AsyncGenerator[EventRow]) -> AsyncIterator[EventRow]:
    """`rows`, counted in the hub's `watches` gauge from the moment they follow the log: the
    inner generator registers on its first step, in the same step as the count, so a reader of
    /metrics that sees the count knows an event published next reaches the subscriber."""
    hub.metrics["watches"] += 1
    try:
        async for row in rows:
            yield row
    finally:
        hub.metrics["watches"] -= 1
        await rows.aclose()


async def _own_stream(hub: EventHub, watch: Watch) -> AsyncGenerator[EventRow]:
    async with hub.stream(watch.roots, watch.after) as stream:
        async for row in stream:
            if watch.accepts(row):
                yield row
