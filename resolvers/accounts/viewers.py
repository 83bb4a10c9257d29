"""Viewers by bearer token, kept a few seconds so a request does not re-read its account.

Verifying a token's signature and reading the account and its bindings cost more than a small
query's own work, and a front end sends several requests a second with the same token. Each
verified token's viewer is kept for at most `seconds`, never past the token's own expiry, in
a bounded table. What it can miss meanwhile: an account disabled or re-bound on another
instance or directly in the database, and an organisation moved on another instance (moves
rewrite binding paths; a move, a disabled account, a rotated or revoked API key on this
instance clear the table at once). An API key's viewer is kept no longer than
`ZHDJ_CREDENTIAL_CHECK_SECONDS` (`put(..., at_most=)`), so a key revoked anywhere is refused
everywhere within that. `seconds = 0` keeps nothing.

`shared` runs one identification per credential at a time: requests that miss while one is
under way wait for its answer rather than read again (resolvers/accounts/identities.py).
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any, TypeVar, cast

from resolvers.access import Viewer

DEFAULT_SECONDS = 5.0
DEFAULT_SIZE = 10_000

T = TypeVar("T")


class ViewerCache:
    def __init__(self, seconds: float = DEFAULT_SECONDS, size: int = DEFAULT_SIZE) -> None:
        self.seconds = seconds
        self.size = size
        self._viewers: OrderedDict[str, tuple[Viewer, float]] = OrderedDict()
        self._underway: dict[str, asyncio.Future[Any]] = {}

    def get(self, token: str) -> Viewer | None:
        """The viewer kept for this token, if it has not expired."""
        found = self._viewers.get(token)
        if found is None:
            return None
        viewer, until = found
        if until <= time.monotonic():
            del self._viewers[token]
            return None
        self._viewers.move_to_end(token)
        return viewer

    def put(
        self,
        token: str,
        viewer: Viewer,
        token_expires: datetime,
        *,
        at_most: float | None = None,
    ) -> None:
        """Keep a signed-in viewer until the earlier of `seconds` from now (or `at_most`, an
        API key's re-check interval, if shorter) and the token's end."""
        seconds = self.seconds if at_most is None else min(self.seconds, at_most)
        lifetime = min(seconds, (token_expires - datetime.now(UTC)).total_seconds())
        if lifetime <= 0 or not viewer.is_authenticated:
            return
        self._viewers[token] = (viewer, time.monotonic() + lifetime)
        self._viewers.move_to_end(token)
        while len(self._viewers) > self.size:
            self._viewers.popitem(last=False)

    async def shared(self, token: str, identify: Callable[[], Awaitable[T]]) -> T:
        """`identify()`'s answer for `token`, run once for all the requests that ask meanwhile.
        It runs as a task of its own, so a request that gives up (a client gone) does not
        cancel it under the others; the table of those under way holds only running ones."""
        underway = self._underway.get(token)
        if underway is None:
            underway = self._underway[token] = asyncio.ensure_future(identify())
            underway.add_done_callback(partial(self._done, token))
        return cast(T, await asyncio.shield(underway))

    def _done(self, token: str, underway: asyncio.Future[Any]) -> None:
        del self._underway[token]
        if not underway.cancelled():
            underway.exception()  # retrieved: every waiter may have given up

    def forget_all(self) -> None:
        """After a change that alters what viewers may see (an organisation moved, a key
        rotated or revoked on this instance)."""
        self._viewers.clear()
