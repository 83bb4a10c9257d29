"""Broadcaster backends chosen by URL scheme (only their public methods are used)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlparse

from broadcaster._backends.base import BroadcastBackend

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
        from broadcaster._backends.redis import RedisBackend

        return RedisBackend(url)
    if scheme in ("postgres", "postgresql"):
        from broadcaster._backends.postgres import PostgresBackend

        return PostgresBackend(url)
    raise AssertionError(scheme)  # check_url() admits only the schemes above
