"""Where rate limits keep their counters: Redis when several instances share the budget,
this process's memory otherwise.

Counters follow the broadcast URL unless told otherwise: a `redis://` broadcaster means
several instances, so they count in the same Redis; `memory://` means one process. A Redis
that cannot be reached must not turn requests into errors, so every caller says what to do
instead (`fallback`); after a failure Redis is left alone for `retry_seconds`, so an outage
costs each request nothing rather than a connection timeout.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import redis.asyncio as redis
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.errors import StorageError

from db.errors import ConfigurationError

logger = logging.getLogger("zhdj.rate_limits")

Result = TypeVar("Result")

REDIS_SCHEMES = ("redis://", "rediss://")
KEY_PREFIX = "zhdj:limits"
# A request waits at most this long for Redis before its fallback is used.
REDIS_TIMEOUT_SECONDS = 0.5
STORE_ERRORS = (redis.RedisError, StorageError, OSError, asyncio.TimeoutError)


def rate_limit_url(configured: str | None, broadcast_url: str) -> str:
    """The configured store, else Redis when the broadcaster is Redis, else memory."""
    if configured:
        return configured
    return broadcast_url if broadcast_url.startswith(REDIS_SCHEMES) else "memory://"


class RateStore:
    """The shared counters (`shared`), this process's (`local`), and a guard for outages."""

    def __init__(
        self, url: str = "memory://", *, prefix: str = KEY_PREFIX, retry_seconds: float = 5.0
    ) -> None:
        self.url = url
        self.prefix = prefix
        self.retry_seconds = retry_seconds
        self.local: Storage = MemoryStorage()
        self.redis: redis.Redis | None = None
        self.shared: Storage = self.local
        self._down_until = 0.0
        if url.startswith(REDIS_SCHEMES):
            options = {
                "socket_timeout": REDIS_TIMEOUT_SECONDS,
                "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
            }
            self.redis = redis.Redis.from_url(url, **options)  # type: ignore[arg-type]
            self.shared = RedisStorage(  # on the same connections, closed with them
                f"async+{url}",
                implementation="redispy",
                key_prefix=prefix,
                wrap_exceptions=True,
                connection_pool=self.redis.connection_pool,  # type: ignore[arg-type]
            )
        elif url != "memory://":
            raise ConfigurationError(
                f"ZHDJ_RATE_LIMIT_URL must be memory:// or redis://host:6379/0, not {url!r}"
            )

    @property
    def is_shared(self) -> bool:
        return self.redis is not None

    def key(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))

    async def attempt(
        self,
        operation: Callable[[], Awaitable[Result]],
        fallback: Callable[[], Awaitable[Result]],
        *,
        purpose: str,
    ) -> Result:
        """`operation` against the shared store; `fallback` when it is down (logged once per
        outage, then retried after `retry_seconds`)."""
        if not self.is_shared:
            return await operation()
        if time.monotonic() < self._down_until:
            return await fallback()
        try:
            return await asyncio.wait_for(operation(), REDIS_TIMEOUT_SECONDS * 2)
        except STORE_ERRORS as error:
            logger.warning(
                "rate limit store %s unreachable (%s): %s for %.0f s",
                self.url,
                error,
                purpose,
                self.retry_seconds,
            )
            self._down_until = time.monotonic() + self.retry_seconds
            return await fallback()

    async def close(self) -> None:
        if self.redis is not None:
            await self.redis.aclose()
