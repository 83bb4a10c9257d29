"""A minimal graphql-transport-ws subscriber on a raw asyncio protocol, for fan-out benchmarks.

Thousands of subscribers must not be the bottleneck of the server they measure. A lean
subscriber does the handshake, `connection_init` and one `subscribe` (masked frames, as a
client must send them), answers pings, and then only splits frames and counts `next` frames
and bytes: no JSON decoding. A probe subscriber also decodes every frame and timestamps it,
for latency. Both are real subscribers as far as the server can tell.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Callable
from typing import Any

PROTOCOL = "graphql-transport-ws"
TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA
NEXT_MARK = b'"type":"next"'


def masked_frame(payload: bytes, opcode: int = TEXT) -> bytes:
    """One final client frame, masked as RFC 6455 requires of clients."""
    length = len(payload)
    if length < 126:
        header = bytes([0x80 | opcode, 0x80 | length])
    elif length < 1 << 16:
        header = bytes([0x80 | opcode, 0x80 | 126]) + length.to_bytes(2, "big")
    else:
        header = bytes([0x80 | opcode, 0x80 | 127]) + length.to_bytes(8, "big")
    mask = os.urandom(4)
    key = (mask * (length // 4 + 1))[:length]
    masked = (int.from_bytes(payload, "big") ^ int.from_bytes(key, "big")).to_bytes(length, "big")
    return header + mask + masked


def text_frame(message: dict[str, Any]) -> bytes:
    return masked_frame(json.dumps(message, ensure_ascii=False).encode())


class Subscriber(asyncio.Protocol):
    """One websocket with one subscription. `on_next(payload, received_at)` is called for each
    `next` frame of a probe; a lean subscriber only counts them."""

    def __init__(
        self,
        host: str,
        token: str,
        query: str,
        variables: dict[str, Any],
        on_next: Callable[[dict[str, Any], float], None] | None = None,
        operation_id: str = "1",
    ) -> None:
        self.request = (
            f"GET /graphql HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            f"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: {PROTOCOL}\r\n\r\n"
        ).encode()
        self.init = text_frame({"type": "connection_init", "payload": {"Authorization": token}})
        self.subscribe = text_frame(
            {
                "id": operation_id,
                "type": "subscribe",
                "payload": {"query": query, "variables": variables},
            }
        )
        self.on_next = on_next
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.upgraded = False
        self.subscribed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.nexts = 0
        self.bytes = 0
        self.closed: str | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        transport.write(self.request)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = self.closed or f"connection lost: {exc!r}"
        if not self.subscribed.done():
            self.subscribed.set_exception(ConnectionError(self.closed))

    def data_received(self, data: bytes) -> None:
        self.bytes += len(data)
        self.buffer += data
        if not self.upgraded:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            if not self.buffer.startswith(b"HTTP/1.1 101"):
                self._fail(f"handshake refused: {bytes(self.buffer[:40])!r}")
                return
            del self.buffer[: end + 4]
            self.upgraded = True
            self._send(self.init)
        self._read_frames()

    def _read_frames(self) -> None:
        buffer = self.buffer
        while len(buffer) >= 2:
            opcode, length, start = buffer[0] & 0x0F, buffer[1] & 0x7F, 2
            if length == 126:
                length, start = int.from_bytes(buffer[2:4], "big"), 4
            elif length == 127:
                length, start = int.from_bytes(buffer[2:10], "big"), 10
            end = start + length
            if len(buffer) < end:
                return
            if opcode == TEXT:
                self._text(buffer, start, end)
            elif opcode == PING:
                self._send(masked_frame(bytes(buffer[start:end]), PONG))
            elif opcode == CLOSE:
                self.closed = f"closed by the server: {bytes(buffer[start:end])!r}"
            del buffer[:end]

    def _text(self, buffer: bytearray, start: int, end: int) -> None:
        if buffer.find(NEXT_MARK, start, min(end, start + 80)) >= 0:  # ids up to a UUID
            self.nexts += 1
            if self.on_next is not None:
                self.on_next(json.loads(buffer[start:end])["payload"], time.time())
        elif not self.subscribed.done():
            message = json.loads(buffer[start:end])
            if message.get("type") == "connection_ack":
                self._send(self.subscribe)
                self.subscribed.set_result(None)
            elif message.get("type") not in ("ping", "pong"):
                self._fail(f"unexpected message: {message}")

    def _send(self, frame: bytes) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(frame)

    def _fail(self, reason: str) -> None:
        self.closed = reason
        if not self.subscribed.done():
            self.subscribed.set_exception(ConnectionError(reason))
        if self.transport is not None:
            self.transport.close()

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


async def open_subscriber(
    address: tuple[str, int],
    token: str,
    query: str,
    variables: dict[str, Any],
    on_next: Callable[[dict[str, Any], float], None] | None = None,
    *,
    operation_id: str = "1",
    local_host: str | None = None,
) -> Subscriber:
    """Connect (from `local_host`, if given: one source address has ~28,000 ephemeral ports),
    initialise and subscribe with `operation_id`; returns once the subscribe message is sent."""
    host, port = address
    loop = asyncio.get_running_loop()
    _transport, subscriber = await loop.create_connection(
        lambda: Subscriber(f"{host}:{port}", token, query, variables, on_next, operation_id),
        host,
        port,
        local_addr=None if local_host is None else (local_host, 0),
    )
    await subscriber.subscribed
    return subscriber
