"""Credentials that die on open sockets, and the reasons a socket is closed for them.

A websocket authenticates once, in `connection_init`, and then keeps its viewer; so every
`ZHDJ_CREDENTIAL_CHECK_SECONDS` each open socket asks again whether its credential still works
(resolvers/context.py `Context.credential_problem`: an API key revoked, expired or rotated past
its grace; a token expired; an account disabled) and, when it does not, closes with 4403 and
the reason. A refused `connection_init` closes with 4403 and the reason too (Strawberry's own
text is "Forbidden"). The close codes are listed in the README ("Websocket close codes").

Sockets that hold the same credential (10,000 screens of one account) share one watch: one
task, started by the first socket to hold the credential and ended when the last one closes,
asks every interval and closes them all when the answer is a problem. So each credential
costs one database read per interval, not one per socket, a socket holds no task of its own,
and a credential that stops working closes every socket holding it within the interval
(plus the read).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Hashable

from starlette.websockets import WebSocket, WebSocketState
from strawberry.asgi import ASGIWebSocketAdapter

from resolvers.context import Context

logger = logging.getLogger("zhdj.credentials")

CREDENTIAL_REFUSED = 4403  # graphql-transport-ws's "Forbidden"
MAX_REASON_BYTES = 123
_CONTEXT = "zhdj_context"


def _short(reason: str) -> str:
    encoded = reason.encode()
    if len(encoded) <= MAX_REASON_BYTES:
        return reason
    return encoded[: MAX_REASON_BYTES - 3].decode(errors="ignore") + "..."


def remember_context(websocket: WebSocket, context: Context) -> None:
    """Let the socket's adapter find the connection's context (for a refusal's reason)."""
    setattr(websocket.state, _CONTEXT, context)


class ReasonedWebSocketAdapter(ASGIWebSocketAdapter):
    """Strawberry's adapter, closing a refused `connection_init` with why it was refused."""

    async def close(self, code: int, reason: str) -> None:
        context = getattr(self.ws.state, _CONTEXT, None)
        if code == CREDENTIAL_REFUSED and isinstance(context, Context) and context.token_problem:
            reason = _short(context.token_problem)
        await super().close(code, reason)


class CredentialWatch:
    """The open sockets holding one credential, and the one task that re-checks it for them
    all every interval (see the module's notes)."""

    __slots__ = ("key", "sockets", "task")

    def __init__(self, key: Hashable, interval: float) -> None:
        self.key = key
        self.sockets: dict[int, tuple[WebSocket, Context]] = {}  # by id: a WebSocket is a Mapping
        self.task = asyncio.create_task(self._recheck(interval), name="zhdj-credential-check")

    def leave(self, websocket: WebSocket) -> None:
        self.sockets.pop(id(websocket), None)
        if not self.sockets and _watches.get(self.key) is self:
            del _watches[self.key]
            self.task.cancel()

    async def _recheck(self, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            _websocket, context = next(iter(self.sockets.values()))
            try:
                problem = await context.credential_problem()
            except Exception:  # an outage: transport/outages.py closes the sockets for that
                logger.warning("could not re-check a websocket's credential", exc_info=True)
                continue
            if problem is not None:
                break
        del _watches[self.key]
        sockets, self.sockets = list(self.sockets.values()), {}
        await asyncio.gather(*(_refuse(websocket, problem) for websocket, _context in sockets))


_watches: dict[Hashable, CredentialWatch] = {}


def watch_credential(websocket: WebSocket, context: Context) -> CredentialWatch | None:
    """Re-check the credential `context` was authenticated with (after `connection_init`)
    while the socket is open, with every other socket holding it; None when it holds none.
    The socket leaves the watch when it closes."""
    if context.credential is None:
        return None  # nothing to re-check: `credential_problem` is None
    key = (id(asyncio.get_running_loop()), id(context.services), context.credential)
    watch = _watches.get(key)
    if watch is None:
        watch = _watches[key] = CredentialWatch(key, context.services.keys.check_seconds)
    watch.sockets[id(websocket)] = (websocket, context)
    return watch


async def _refuse(websocket: WebSocket, problem: str) -> None:
    if websocket.application_state is WebSocketState.CONNECTED:
        with contextlib.suppress(RuntimeError, OSError):
            await websocket.close(CREDENTIAL_REFUSED, _short(problem))
