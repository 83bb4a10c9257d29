"""The websocket protocols' handlers: graphql-transport-ws (with persisted queries and live
groups) and the legacy graphql-ws, both refusing malformed messages with a reason, and
closing with UNAVAILABLE when the database is out of reach (transport/outages.py).

Strawberry's handlers index into whatever JSON arrives: a message that is a number, an id
that is an object, a payload that is a list would end the connection with an internal error
(1011) and a traceback. Here each message is checked first and a malformed one closes the
connection with 4400 and what was wrong, as graphql-transport-ws asks for invalid messages.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError
from starlette.websockets import WebSocket
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)

from transport.bodies import field_problem
from transport.credentials import CredentialWatch, watch_credential
from transport.executor import SharingTransportWSHandler
from transport.outages import closing_on_outage, watch_outages
from transport.persisted_queries import PersistedLegacyWSHandler, PersistedTransportWSHandler

INVALID_MESSAGE = 4400
MAX_REASON_BYTES = 123  # a close frame's reason, as RFC 6455 allows


def message_problem(message: object, starts: str, stops: str) -> str | None:
    """What is wrong with a message (`starts` an operation, `stops` one), or None."""
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        return "a message must be an object with a string `type`"
    kind = message["type"]
    if kind in (starts, stops) and not isinstance(message.get("id"), str):
        return f"a {kind} message needs a string `id`"
    if kind == starts:
        payload = message.get("payload")
        if not isinstance(payload, dict):
            return f"a {kind} message needs an object `payload`"
        return field_problem(payload)
    return None


def short_reason(reason: str) -> str:
    """`reason`, cut to what a close frame can carry."""
    encoded = reason.encode()
    if len(encoded) <= MAX_REASON_BYTES:
        return reason
    return encoded[: MAX_REASON_BYTES - 3].decode(errors="ignore") + "..."


def _socket(handler: Any) -> WebSocket:
    adapter = handler.websocket
    assert isinstance(adapter, ASGIWebSocketAdapter)
    return adapter.ws


class SocketGuards:
    """What both protocols' handlers add (placed before Strawberry's handler in the bases):
    outages close the connection, so does a credential that stops working
    (transport/credentials.py), and malformed messages are refused with the reason."""

    starts: str  # the message type that starts an operation
    stops: str
    websocket: Any
    context: Any
    connection_acknowledged: bool
    credential_watch: CredentialWatch | None = None  # from `connection_init` on

    async def handle(self) -> None:
        socket = _socket(self)
        outages = watch_outages(socket, self.context.services.hub)
        try:
            await super().handle()  # type: ignore[misc]
        finally:
            outages.leave(socket)
            if self.credential_watch is not None:
                self.credential_watch.leave(socket)

    async def handle_connection_init(self, message: Any) -> None:
        socket = _socket(self)
        await closing_on_outage(socket, super().handle_connection_init(message))  # type: ignore[misc]
        if self.credential_watch is not None:  # the legacy protocol may authenticate again
            self.credential_watch.leave(socket)
            self.credential_watch = None
        if self.connection_acknowledged:
            self.credential_watch = watch_credential(socket, self.context)

    async def handle_message(self, message: Any) -> None:
        problem = message_problem(message, self.starts, self.stops)
        if problem is not None:
            await self.websocket.close(INVALID_MESSAGE, short_reason(f"Invalid message: {problem}"))
            return
        await super().handle_message(message)  # type: ignore[misc]


class TransportWSHandler(SocketGuards, SharingTransportWSHandler, PersistedTransportWSHandler):
    """graphql-transport-ws with persisted queries and live groups (transport/executor.py)."""

    starts, stops = "subscribe", "complete"

    async def handle_connection_init(self, message: Any) -> None:
        await super().handle_connection_init(message)
        if not self.connection_timed_out:
            # Cancelled by Strawberry, but kept until the connection ends, with its frames,
            # its CancelledError and its timer: 2 KiB per open socket.
            self.connection_init_timeout_task = None

    @staticmethod
    def _get_pre_execution_close_reason(error: GraphQLError) -> str | None:
        reason = BaseGraphQLTransportWSHandler._get_pre_execution_close_reason(error)
        return None if reason is None else short_reason(reason)


class LegacyWSHandler(SocketGuards, PersistedLegacyWSHandler):
    """The legacy graphql-ws protocol, with persisted queries (no live groups)."""

    starts, stops = "start", "stop"
