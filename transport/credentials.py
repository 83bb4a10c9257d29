"""Credentials that die on open sockets, and the reasons a socket is closed for them.

A websocket authenticates once, in `connection_init`, and then keeps its viewer; so every
`ZHDJ_CREDENTIAL_CHECK_SECONDS` each open socket asks again whether its credential still works
(resolvers/context.py `Context.credential_problem`: an API key revoked, expired or rotated past
its grace; a token expired; an account disabled) and, when it does not, closes with 4403 and
the reason. A refused `connection_init` closes with 4403 and the reason too (Strawberry's own
text is "Forbidden"). The close codes are listed in the README ("Websocket close codes").

Sockets that hold the same credential (10,000 screens of one account) share one check: the
first socket to ask starts it, and every socket asking within a fifth of the interval after it
started takes its answer, so each credential costs about five database reads per interval, not
one per socket. A credential that stops working therefore closes every socket holding it
within 1.2 × the interval.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Hashable

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


async def watching_credentials(
    websocket: WebSocket, context: Context, work: Awaitable[None]
) -> None:
    """`work` (a connection's life), closed with 4403 once its credential stops working."""
    watcher = asyncio.create_task(_close_when_dead(websocket, context))
    try:
        await work
    finally:
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watcher


SHARED_FOR = 0.2  # of the check interval: how long one check's answer is shared
_checks: dict[Hashable, asyncio.Future[str | None]] = {}


async def shared_problem(context: Context) -> str | None:
    """`context.credential_problem()`, asked once for every socket with the same credential
    that asks within SHARED_FOR of the interval (see the module's notes)."""
    if context.credential is None:
        return await context.credential_problem()
    loop = asyncio.get_running_loop()
    key = (id(loop), id(context.services), context.credential)
    check = _checks.get(key)
    if check is None:
        check = _checks[key] = asyncio.ensure_future(context.credential_problem())
        # Retrieved here too, so one whose askers all left is not reported as never retrieved.
        check.add_done_callback(lambda done: done.cancelled() or done.exception())
        loop.call_later(context.services.keys.check_seconds * SHARED_FOR, _checks.pop, key, None)
    return await asyncio.shield(check)


async def _close_when_dead(websocket: WebSocket, context: Context) -> None:
    interval = context.services.keys.check_seconds
    while True:
        await asyncio.sleep(interval)
        try:
            problem = await shared_problem(context)
        except Exception:  # an outage: transport/outages.py closes the socket for that
            logger.warning("could not re-check a websocket's credential", exc_info=True)
            continue
        if problem is None:
            continue
        if websocket.application_state is WebSocketState.CONNECTED:
            with contextlib.suppress(RuntimeError, OSError):
                await websocket.close(CREDENTIAL_REFUSED, _short(problem))
        return
