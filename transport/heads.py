"""Request heads (the request line and the headers) held to a size and a time.

uvicorn's httptools protocol keeps whatever a client sends before the blank line that ends
the head: one endless header is memory without bound (a 5 MB header was read whole), and a
head sent a byte at a time, or a connection that sends nothing, is held for ever, since
uvicorn times out only idle keep-alive connections. This protocol counts what arrives
before the head is complete and answers 431 beyond `max_bytes`, and answers 408 when a head
takes longer than `timeout`, both as JSON with a stable code, then closes the connection.
The body has limits of its own (transport/bodies.py).

It also answers each response in one write where uvicorn makes two: uvicorn writes the
response's head alone at `http.response.start`, then the body, each a system call (on
loopback or a proxy's connection, a TCP send each); `HeadWithBody` holds the head back until
the body's first write and sends both together.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol, RequestResponseCycle

from resolvers.errors import ErrorCode
from subscriptions.frames import encode_json

MAX_HEAD_BYTES = 64 * 1024  # tokens and cookies are a few hundred bytes; this is generous


class BoundedHeads(HttpToolsProtocol):
    """The head's clock is a deadline, and one timer that checks it: each request on a
    keep-alive connection moves the deadline (one clock read) rather than cancelling a timer
    and scheduling a new one (nine calls and a heap entry); the timer, when it fires early for
    a later deadline, waits again for the rest."""

    max_bytes = MAX_HEAD_BYTES
    timeout = 30.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_bytes: int | None = None  # None once the head is complete
        self._head_deadline = 0.0
        self._head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._await_head()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        """Counted after parsing: a read that completes the head may carry body too, and a
        read is at most 256 KiB, so what the parser keeps meanwhile stays bounded."""
        in_head = self._head_bytes is not None
        super().data_received(data)
        if not in_head or self._head_bytes is None or self.transport.is_closing():
            return
        self._head_bytes += len(data)
        if self._head_bytes > self.max_bytes:
            self._refuse(
                b"431 Request Header Fields Too Large",
                ErrorCode.BAD_REQUEST,
                f"The request's head is larger than {self.max_bytes} bytes: send shorter headers.",
            )

    def on_headers_complete(self) -> None:
        self._head_bytes = None
        super().on_headers_complete()
        cycle = self.cycle
        # (No new cycle for a websocket upgrade: the last one, if any, is already wrapped.)
        if cycle is not None and cycle.transport is self.transport:
            cycle.transport = HeadWithBody(self.transport, cycle)  # type: ignore[assignment]

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._await_head()  # the next request on this connection

    def _await_head(self) -> None:
        self._head_bytes = 0
        self._head_deadline = self.loop.time() + self.timeout
        if self._head_timer is None:
            self._head_timer = self.loop.call_at(self._head_deadline, self._too_slow)

    def _too_slow(self) -> None:
        self._head_timer = None
        if self._head_bytes is None or self.transport.is_closing():
            return  # no head awaited now: the next one sets the timer again
        if self.loop.time() < self._head_deadline:
            self._head_timer = self.loop.call_at(self._head_deadline, self._too_slow)
            return
        self._refuse(
            b"408 Request Timeout",
            ErrorCode.BAD_REQUEST,
            f"The request's head did not arrive within {self.timeout:g} s.",
        )

    def _refuse(self, status: bytes, code: ErrorCode, message: str) -> None:
        body = encode_json(
            {"errors": [{"message": message, "extensions": {"code": code.value}}]}
        ).encode()
        self.transport.write(
            b"HTTP/1.1 " + status + b"\r\ncontent-type: application/json\r\n"
            b"content-length: " + str(len(body)).encode() + b"\r\nconnection: close\r\n\r\n" + body
        )
        self.transport.close()


class HeadWithBody:
    """The transport as one request's cycle writes to it: the response's head is held and
    goes out with the body's first write, one system call (a `writelines`) for both; alone
    when the response ends without a body write (a HEAD's answer) or the connection is
    closed first. A `100 Continue`, written while the cycle still waits for the body, goes
    out at once."""

    __slots__ = ("_cycle", "_head", "_on_response", "_transport")

    def __init__(self, transport: asyncio.Transport, cycle: RequestResponseCycle) -> None:
        self._transport = transport
        self._cycle = cycle
        self._head: bytes | None = None  # None before the head, b"" once it is written
        self._on_response = cycle.on_response
        cycle.on_response = self._finish

    def write(self, data: bytes) -> None:
        head = self._head
        if head:
            self._head = b""
            self._transport.writelines((head, data))
        elif head is None and not self._cycle.waiting_for_100_continue:
            self._head = data
        else:
            self._transport.write(data)

    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def close(self) -> None:
        self._flush()
        self._transport.close()

    def _flush(self) -> None:
        if self._head:
            self._transport.write(self._head)
            self._head = b""

    def _finish(self) -> None:
        self._flush()
        self._on_response()


def bounded_heads(timeout: float, max_bytes: int = MAX_HEAD_BYTES) -> type[BoundedHeads]:
    """The protocol class for uvicorn's `http` option, with these limits."""
    return type("BoundedHeads", (BoundedHeads,), {"timeout": timeout, "max_bytes": max_bytes})
