"""A database out of reach, named as such on every path, and recovered from by itself.

Over HTTP the answer is 503 with the UNAVAILABLE code and `Retry-After`, whether the outage
showed while reading the viewer's account or in a resolver. A websocket is closed with 1013
(try again later) and a reason naming UNAVAILABLE, as soon as the event hub finds the log
unreadable or a connection cannot read its viewer: its subscriptions could only fall silent,
and a client that reconnects with its cursor, once the database is back, misses nothing (the
log is the truth). Nothing here holds state about the outage: the next request that reaches
the database is the recovery.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable

from starlette.websockets import WebSocket, WebSocketState

from db.errors import is_unreachable
from resolvers.errors import ErrorCode
from subscriptions import EventHub
from transport.errors import UNAVAILABLE_MESSAGE
from transport.refusals import Refusal

RETRY_AFTER_SECONDS = 5
TRY_AGAIN_LATER = 1013  # the websocket close code for a service that is briefly unavailable
CLOSE_REASON = "UNAVAILABLE: the database cannot be reached; reconnect in a few seconds"


def unavailable() -> Refusal:
    return Refusal(
        503,
        ErrorCode.UNAVAILABLE,
        UNAVAILABLE_MESSAGE,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


async def refusing_outages(work: Awaitable[None]) -> None:
    """`work`, with a database outage raised as the 503 refusal."""
    try:
        await work
    except Exception as error:
        if is_unreachable(error):
            raise unavailable() from error
        raise


async def closing_on_outage(websocket: WebSocket, work: Awaitable[None]) -> None:
    """`work` (a websocket protocol step), with an outage closing the connection."""
    try:
        await work
    except Exception as error:
        if not is_unreachable(error):
            raise
        await close_unavailable(websocket)


class OutageWatch:
    """The open websockets over one hub, and the one task that closes them all with
    UNAVAILABLE whenever the hub loses the database (a socket holds no task of its own)."""

    __slots__ = ("hub", "sockets", "task")

    def __init__(self, hub: EventHub) -> None:
        self.hub = hub
        self.sockets: dict[int, WebSocket] = {}  # by id: a WebSocket is a Mapping
        self.task = asyncio.create_task(self._close_when_lost(), name="zhdj-outage-watch")

    def leave(self, websocket: WebSocket) -> None:
        self.sockets.pop(id(websocket), None)
        if not self.sockets and _watches.get(self.hub) is self:
            del _watches[self.hub]
            self.task.cancel()

    async def _close_when_lost(self) -> None:
        while True:
            await self.hub.database_lost()
            await asyncio.gather(*map(close_unavailable, list(self.sockets.values())))


_watches: dict[EventHub, OutageWatch] = {}


def watch_outages(websocket: WebSocket, hub: EventHub) -> OutageWatch:
    """Close the socket with UNAVAILABLE if the hub loses the database while it is open; the
    socket leaves the watch when it closes."""
    watch = _watches.get(hub)
    if watch is None:
        watch = _watches[hub] = OutageWatch(hub)
    watch.sockets[id(websocket)] = websocket
    return watch


async def close_unavailable(websocket: WebSocket) -> None:
    if websocket.application_state is WebSocketState.CONNECTED:
        # The client may be gone already; there is no one left to tell then.
        with contextlib.suppress(RuntimeError, OSError):
            await websocket.close(TRY_AGAIN_LATER, CLOSE_REASON)
