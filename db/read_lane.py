"""Pooled connections kept out for reads between requests, so a read costs no checkout.

A request's reads each checked a connection out of SQLAlchemy's pool and back in: a new
`AsyncConnection`, the greenlet bridge both ways, the pool's checkout and checkin events and
its reset on return, about 120 Python calls a statement (BENCHMARKS.md, fourth push). Reads
rest in autocommit and leave nothing behind, so the lane keeps a connection (its
`AsyncConnection` included) once a read is done with it, for the next read of any request:
taking one is a list's pop, giving it back an append.

Its contract, which tests/test_read_lane.py holds:
- a connection serves one holder at a time (a request's `SharedReads`), never two;
- at most `keep` connections rest in the lane; beyond that a returned connection goes back to
  the pool, so writers and sessions always find the rest of it;
- one whose read failed or was cancelled is invalidated, never handed on;
- one that rested longer than `ping_after` seconds is pinged before use, as the pool's
  checkout does (db/engine.py), and replaced if it does not answer;
- `close` returns the resting ones to the pool (before the engine is disposed).
"""

from __future__ import annotations

import time

from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine


class ReadLane:
    def __init__(self, engine: AsyncEngine, *, keep: int, ping_after: float | None) -> None:
        self._engine = engine
        self._keep = keep
        self._ping_after = ping_after
        # LIFO: the connection used last is warm in the database's caches.
        self._resting: list[tuple[AsyncConnection, float]] = []

    @property
    def resting(self) -> int:
        """Connections resting in the lane: out of the pool, but serving no one."""
        return len(self._resting)

    async def take(self) -> AsyncConnection:
        while self._resting:
            connection, since = self._resting.pop()
            if self._ping_after is None or time.monotonic() - since < self._ping_after:
                return connection
            if await _answers(connection):
                return connection
        return await self._engine.connect()

    async def give_back(self, connection: AsyncConnection) -> None:
        """A connection whose holder is done with it, its work ended without an error."""
        sync = connection.sync_connection  # asked directly: the async proxy costs two calls
        if sync is not None and sync.in_transaction():
            # A read through SQLAlchemy's `execute` begins its bookkeeping transaction (no
            # BEGIN is sent in autocommit); end it so the next holder starts clean.
            await connection.rollback()
        if len(self._resting) < self._keep:
            self._resting.append((connection, time.monotonic()))
        else:
            await connection.close()

    async def close(self) -> None:
        resting, self._resting = self._resting, []
        for connection, _since in resting:
            await connection.close()


async def discard(connection: AsyncConnection) -> None:
    """A connection whose read failed or was cancelled midway: its protocol state is unknown,
    so it is closed rather than reused."""
    await connection.invalidate()
    await connection.close()


def _ping(sync: Connection) -> None:
    sync.connection.dbapi_connection.ping()  # type: ignore[union-attr]


async def _answers(connection: AsyncConnection) -> bool:
    try:
        await connection.run_sync(_ping)
    except Exception:
        await discard(connection)
        return False
    return True
