"""Broadcaster backends chosen by URL scheme (only their public methods are used, but for the
Redis backend's teardown, below)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from urllib.parse import urlparse

from broadcaster._backends.base import BroadcastBackend
from broadcaster._backends.redis import RedisBackend
from redis import asyncio as redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

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
    """broadcaster's Redis backend, with redis-py's own reconnects off and a clean teardown.

    The supervisor (subscriptions/wakeup.py) reconnects with a fresh backend whenever the link
    dies. redis-py would also retry inside the backend's listener task, opening a new socket
    when Redis drops the subscriber connection; a teardown racing that retry left the new
    socket unclosed (a ResourceWarning, an error under `filterwarnings = error`). So this
    backend never retries (an error ends its listener, which the heartbeat notices), and its
    `disconnect()` stops the listener and waits for it before closing the connections
    (broadcaster closes first and cancels the listener without waiting).
    """

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self._conn = redis.Redis.from_url(url, retry=Retry(NoBackoff(), 0))
        self._pubsub = self._conn.pubsub()

    async def disconnect(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await listener
        await super().disconnect()
