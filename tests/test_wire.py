"""Prebuilt frames written below ASGI: under uvicorn they reach the client as the same text
messages, in order with ASGI's own sends; without uvicorn, or once the socket is closed, the
frame sink goes through ASGI as before."""

from __future__ import annotations

import asyncio

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import WebSocketRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from starlette.websockets import WebSocket
from websockets.asyncio.client import connect

from server import Settings
from subscriptions.frames import Frame
from tests.serving import serving
from transport.frame_sink import FrameSink
from transport.wire import ExposeWire

# One of each header form: a 7-bit length, a 16-bit one and a 64-bit one (RFC 6455 5.2).
TEXTS = ["短" * 10, "中" * 100, "长" * 30_000]


class CountingSends:
    """ASGI middleware: counts the websocket messages sent through ASGI below the wire."""

    def __init__(self, app: ASGIApp, counted: list[str]) -> None:
        self.app = app
        self.counted = counted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def counting(message: Message) -> None:
            if message["type"] == "websocket.send":
                self.counted.append(message["text"])
            await send(message)

        await self.app(scope, receive, counting)


class Sending:
    """An app whose websocket sends TEXTS as prebuilt frames, then "end" through ASGI; with
    `close_first`, it closes the socket before it sends anything. Records what the sink had."""

    def __init__(self, *, close_first: bool = False) -> None:
        self.close_first = close_first
        self.had_wire: bool | None = None
        self.results: list[object] = []
        self.through_asgi: list[str] = []
        self.app = Starlette(
            routes=[WebSocketRoute("/", self.endpoint)],
            middleware=[
                Middleware(ExposeWire),
                Middleware(CountingSends, counted=self.through_asgi),
            ],
        )

    async def endpoint(self, websocket: WebSocket) -> None:
        await websocket.accept()
        sink = FrameSink(websocket, "1")
        self.had_wire = sink.wire is not None
        if self.close_first:
            await websocket.close()
        for text in TEXTS:
            self.results.append(sink.send_now(Frame(text.encode())))
        if not self.close_first:
            await websocket.send_text("end")
            await websocket.receive_text()  # until the client has read everything


async def test_under_uvicorn_prebuilt_frames_go_to_the_transport_and_arrive_in_order(
    settings: Settings,
) -> None:
    # Given the app served by uvicorn as `server.py serve` serves it
    sending = Sending()
    async with (
        serving(sending.app, settings, lifespan="off") as address,
        # When its websocket sends three prebuilt frames, then a message through ASGI
        connect(f"ws://{address}/", max_size=None) as connection,
    ):
        received = [await asyncio.wait_for(connection.recv(), 10) for _ in range(4)]
        await connection.send("done")
    # Then the frames were written to the transport, and arrived whole, before the ASGI one
    assert sending.had_wire is True
    assert sending.results == [True, True, True]
    assert sending.through_asgi == ["end"]
    assert received == [*TEXTS, "end"]


async def test_a_closed_socket_declines_the_wire_and_reports_the_client_gone(
    settings: Settings,
) -> None:
    # Given the app served by uvicorn, whose websocket closes before it sends
    sending = Sending(close_first=True)
    async with (
        serving(sending.app, settings, lifespan="off") as address,
        # When a client connects
        connect(f"ws://{address}/") as connection,
    ):
        await connection.wait_closed()
    # Then no frame was written after the close: each send found the client gone
    assert sending.had_wire is True
    assert sending.results == [False, False, False]


async def test_without_uvicorn_the_sink_sends_through_asgi() -> None:
    # Given the app called as a plain ASGI app, as another server would call it
    sending = Sending()
    incoming = [{"type": "websocket.connect"}, {"type": "websocket.receive", "text": "done"}]
    sent: list[Message] = []

    async def receive() -> Message:
        return incoming.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "websocket", "path": "/", "headers": [], "query_string": b""}
    # When its websocket sends the frames
    await sending.app(scope, receive, send)
    # Then they went through ASGI, and arrived the same
    assert sending.had_wire is False
    assert sending.results == [True, True, True]
    assert sending.through_asgi == [*TEXTS, "end"]
    assert [m.get("text") for m in sent if m["type"] == "websocket.send"] == [*TEXTS, "end"]
