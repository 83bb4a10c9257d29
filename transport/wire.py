"""Finished websocket frames written straight to uvicorn's transport, below ASGI.

A live group sends the same frame to thousands of sockets per event. Through ASGI each one
costs Starlette's `WebSocket.send`, its exception-handling wrapper, the request-id wrapper,
uvicorn's `send` (a coroutine waiting on an event, state checks) and websockets' framing:
about as much CPU as the send syscall itself (BENCHMARKS.md, "Subscription fan-out"). A
`Wire` writes the group's prebuilt frame (subscriptions/frames.py `Frame.wire`) with one
`transport.write` instead.

ASGI does not expose the server's connection, so `ExposeWire`, the outermost middleware,
recognises uvicorn's websockets-sansio protocol behind the `send` it is given (a bound method
of the protocol) and offers a `Wire` in the scope's extensions under WIRE. Under any other
server, or with an extension negotiated (per-message deflate), there is no wire and frames go
through ASGI as before. A wire writes only while the connection is open and the transport's
buffer is below its high-water mark; otherwise it declines and the caller sends through ASGI,
which waits for room, or raises as it always did once the client or the app has closed.
"""

from __future__ import annotations

from collections.abc import Awaitable

from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.protocol import State

WIRE = "zhdj.websocket.wire"


class Wire:
    """One websocket connection's transport, for frames already built."""

    __slots__ = ("_protocol",)

    def __init__(self, protocol: WebSocketsSansIOProtocol) -> None:
        self._protocol = protocol

    def write(self, frame: bytes) -> bool:
        """Writes `frame` now and says True; False (nothing written) when the connection is
        closing or closed, or its buffer is full: then send through ASGI."""
        protocol = self._protocol
        if (
            protocol.close_sent
            or protocol.disconnected
            or not protocol.writable.is_set()
            or protocol.conn.state is not State.OPEN
            or protocol.transport.is_closing()
        ):
            return False
        protocol.transport.write(frame)
        return True


def wire_of(send: Send) -> Wire | None:
    """A wire to the connection behind uvicorn's websocket `send`; None for anything else."""
    protocol = getattr(send, "__self__", None)
    if isinstance(protocol, WebSocketsSansIOProtocol) and not protocol.conn.extensions:
        return Wire(protocol)
    return None


class ExposeWire:
    """ASGI middleware (outermost): a websocket's scope carries its `Wire` when there is one.

    A plain function returning the app's awaitable, not a coroutine of its own: every time a
    request's task resumes, each coroutine in its await chain is entered again, and this one
    has nothing to do after the scope is set."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        if scope["type"] == "websocket":
            wire = wire_of(send)
            if wire is not None:
                # In place, not a copy of the scope: the scope is the connection's own, only
                # the server is upstream, and a copy held for the socket's life is 1 KiB.
                scope.setdefault("extensions", {})[WIRE] = wire
        return self.app(scope, receive, send)
