"""A request id on every answer and every log line: the client's own `X-Request-Id` when it
sends a sane one (so a request can be followed from a proxy or a client's log into ours),
else a new one; echoed on the HTTP response and the websocket handshake, and set in a
context variable that log records read (`RequestIdLogFilter`)."""

from __future__ import annotations

import itertools
import logging
import re
import secrets
from contextvars import ContextVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = b"x-request-id"
NONE = "-"  # in log lines written outside any request (start-up, background jobs)
_SANE = re.compile(rb"[A-Za-z0-9._:@+=/-]{1,128}")
# A new id is this process's random half and a count: 32 hex digits as a uuid4's, unique
# without reading the kernel's random source (a system call) on every request.
_PROCESS = secrets.token_hex(8)
_COUNT = itertools.count()

REQUEST_ID: ContextVar[str] = ContextVar("zhdj_request_id", default=NONE)


def request_id_of(headers: list[tuple[bytes, bytes]]) -> str:
    """The client's id if it sent one of at most 128 safe characters; else a new one."""
    for name, value in headers:
        if name == HEADER and _SANE.fullmatch(value):
            return value.decode()
    return f"{_PROCESS}{next(_COUNT) & 0xFFFF_FFFF_FFFF_FFFF:016x}"


class RequestIds:
    """ASGI middleware: one id per HTTP request or websocket, in REQUEST_ID while it runs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        request_id = request_id_of(scope["headers"])
        marker = REQUEST_ID.set(request_id)
        echoed = (HEADER, request_id.encode())

        async def send_with_id(message: Message) -> None:
            if message["type"] in ("http.response.start", "websocket.accept"):
                message["headers"] = [*message.get("headers", ()), echoed]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            REQUEST_ID.reset(marker)


class RequestIdLogFilter(logging.Filter):
    """Gives every record a `request_id` attribute (NONE outside a request) for the format."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True
