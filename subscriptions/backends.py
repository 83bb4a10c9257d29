"""Broadcaster backends chosen by URL scheme (only their public methods are used, but for the
Redis backend's teardown, below)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from urllib.parse import urlparse

from broadcaster._backends.base import BroadcastBackend
from broadcaster._backends.redis import RedisBackend

BackendFactory = Callable[[str], BroadcastBackend]

SCHEMES = ("memory", "redis", "rediss", "postgres", "postgresql")


def check_url(url: str) -> None:
    """Fail at start-up, not in the background, on a URL no backend serves."""
    if urlparse(url).scheme not in SCHEMES:
        raise ValueError(
            f"unsupported broadcast URL {url!r}: use one of "
            + ", ".join(f"{name}://" for name in SCHEMES)
        )


def make_backend(url: str) -> BroadcastBackend:
    """A new, unconnected backend for `url`; each (re)connect gets a fresh one."""
    check_url(url)
    scheme = urlparse(url).scheme
    if scheme == "memory":
        from broadcaster._backends.memory import MemoryBackend

        return MemoryBackend(url)
    if scheme in ("redis", "rediss"):
        return ClosingRedisBackend(url)
    if scheme in ("postgres", "postgresql"):
        from broadcaster._backends.postgres import PostgresBackend

        return PostgresBackend(url)
    raise AssertionError(scheme)  # check_url() admits only the schemes above


class ClosingRedisBackend(RedisBackend):
    """broadcaster's Redis backend, torn down without leaking a socket.

    Its `disconnect()` closes the connections first and only then cancels the listener task
    without waiting for it. When Redis has dropped the subscriber connection, redis-py's retry
    inside that task may be opening a new one at that very moment; the socket it opens after
    the close is never closed (a ResourceWarning, an error under `filterwarnings = error`).
    Stopping the listener first, and waiting for it, leaves nothing behind.
    """

    async def disconnect(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await listener
        await super().disconnect()
