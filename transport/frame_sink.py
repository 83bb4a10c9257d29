"""Writing a live group's frames to one operation's websocket without a task per frame.

An ASGI `send` is a coroutine, but on a socket whose buffer has room it never suspends:
uvicorn only waits while the transport has paused writing (its buffer is above the high-water
mark). So `send_now` steps the send coroutine once itself: usually the frame is written and
the coroutine is finished, with no task, no wake-up and no trip through the event loop. When
the send does suspend (a client that reads slowly), what is left of it is returned as an
awaitable that drives the coroutine on, as a task would, for the member's own task to await
(subscriptions/live_groups.py): the group never waits for a socket.

Under uvicorn a frame skips ASGI altogether: the group's prebuilt frame is written to the
connection's transport (transport/wire.py), and ASGI is only the path when the wire declines
(a full buffer, a closing connection) or there is none (another server).
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from starlette.websockets import WebSocket, WebSocketDisconnect

from subscriptions.frames import Frame, encode_json
from transport.wire import WIRE, Wire

# What a send raises once the client is gone: Starlette's states, uvicorn's ClientDisconnected
# (an OSError), a transport that is closing.
GONE = (WebSocketDisconnect, OSError, RuntimeError)


class FrameSink:
    """Where a live group's frames for one operation go: its websocket, with its id."""

    __slots__ = ("prefix", "websocket", "wire")

    def __init__(self, websocket: WebSocket, operation_id: str) -> None:
        self.websocket = websocket
        self.wire: Wire | None = (websocket.scope.get("extensions") or {}).get(WIRE)
        prefix = f'{{"id":{encode_json(operation_id)},"type":"next","payload":{{"data":'
        self.prefix = prefix.encode()

    def send_now(self, frame: Frame) -> bool | Coroutine[Any, Any, bool]:
        """True: written; False: the client is gone; else the rest of the send, to await."""
        if self.wire is not None and self.wire.write(frame.wire):
            return True
        send = self.websocket.send_text(frame.text)
        try:
            waiting_for = send.send(None)
        except StopIteration:
            return True
        except GONE:
            return False
        return _finish(send, waiting_for)


async def _finish(send: Coroutine[Any, Any, None], waiting_for: object) -> bool:
    """Drive a suspended send to its end, resuming it whenever what it waits for is done."""
    try:
        while True:
            if isinstance(waiting_for, asyncio.Future):
                waiting_for._asyncio_future_blocking = False
                await asyncio.wait([waiting_for])
            else:  # a bare yield: `asyncio.sleep(0)`
                await asyncio.sleep(0)
            waiting_for = send.send(None)
    except StopIteration:
        return True
    except GONE:
        return False
    finally:
        send.close()
