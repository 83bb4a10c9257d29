"""Pooled connections kept out for reads between requests, so a read costs no checkout.

A request's reads each checked a connection out of SQLAlchemy's pool and back in: a new
`AsyncConnection`, the greenlet bridge both ways, the pool's checkout and checkin events and
its reset on return, about 120 Python calls a statement (BENCHMARKS.md, fourth push). Reads
rest in autocommit and leave nothing behind, so the lane keeps a connection (its
`AsyncConnection` included) once a read is done with it, for the next read of any request:
taking one is a list's pop, giving it back an append.

The lane owns `keep` connections (half the pool: writers and sessions always find the rest of
it). A reader that finds none resting while all of them are out waits for the next one given
back, which is handed to it directly: under load the lane's connections go from holder to
holder and never back through the pool, where half the takes of fifty requests in flight used
to check one out and in again (BENCHMARKS.md, ninth push). A read's wait is a few
milliseconds; one that lasts `spill_after` seconds means the lane's connections are held by
slow statements, and the reader takes one from the pool beyond `keep` (given back to the pool
when nobody waits for it), so slow reads do not hold up quick ones.

Its contract, which tests/test_read_lane.py holds:
- a connection serves one holder at a time (a request's `SharedReads`), never two;
- at most `keep` connections are the lane's, out with holders or resting; readers beyond them
  wait, first come first served, for at most `spill_after` seconds, then read on one of the
  pool's; one that gives up waiting takes none with it;
- one whose read failed or was cancelled is invalidated, never handed on, and makes room for
  a new one;
- one that rested longer than `ping_after` seconds is pinged before use, as the pool's
  checkout does (db/engine.py), and replaced if it does not answer;
- `close` returns the resting ones to the pool (before the engine is disposed), and any given
  back after it.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque

from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

SPILL_AFTER_SECONDS = 0.1


class ReadLane:
    def __init__(
        self,
        engine: AsyncEngine,
        *,
        keep: int,
        ping_after: float | None,
        spill_after: float = SPILL_AFTER_SECONDS,
    ) -> None:
        self._engine = engine
        self._keep = keep
        self._ping_after = ping_after
        self._spill_after = spill_after
        # LIFO: the connection used last is warm in the database's caches.
        self._resting: list[tuple[AsyncConnection, float]] = []
        self._owned = 0  # resting, or out with a holder
        # Readers waiting for a connection; a None handed to one lets it open its own.
        self._waiting: deque[asyncio.Future[AsyncConnection | None]] = deque()
        self._closed = False

    @property
    def resting(self) -> int:
        """Connections resting in the lane: out of the pool, but serving no one."""
        return len(self._resting)

    async def take(self) -> AsyncConnection:
        while self._resting:
            connection, since = self._resting.pop()
            if self._ping_after is None or time.monotonic() - since < self._ping_after:
                return connection
            if await self._answers(connection):
                return connection
        if self._owned < self._keep or self._closed:
            return await self._connect()
        handed = await self._wait()
        # None: room was made (a connection discarded) or the wait lasted `spill_after`
        return await self._connect() if handed is None else handed

    async def give_back(self, connection: AsyncConnection) -> None:
        """A connection whose holder is done with it, its work ended without an error."""
        sync = connection.sync_connection  # asked directly: the async proxy costs two calls
        if sync is not None and sync.in_transaction():
            # A read through SQLAlchemy's `execute` begins its bookkeeping transaction (no
            # BEGIN is sent in autocommit); end it so the next holder starts clean.
            await connection.rollback()
        if not self._closed and self._wake(connection):
            return
        if self._closed or self._owned > self._keep:  # closing, or one taken beyond `keep`
            self._owned -= 1
            await connection.close()
        else:
            self._resting.append((connection, time.monotonic()))

    async def discard(self, connection: AsyncConnection) -> None:
        """A connection whose read failed or was cancelled midway: its protocol state is
        unknown, so it is closed rather than reused, and a waiting reader opens another."""
        self._owned -= 1
        self._wake(None)
        await connection.invalidate()
        await connection.close()

    async def close(self) -> None:
        self._closed = True
        resting, self._resting = self._resting, []
        self._owned -= len(resting)
        while self._wake(None):
            pass
        for connection, _since in resting:
            await connection.close()

    async def _connect(self) -> AsyncConnection:
        self._owned += 1
        try:
            return await self._engine.connect()
        except BaseException:
            self._owned -= 1
            self._wake(None)
            raise

    async def _wait(self) -> AsyncConnection | None:
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[AsyncConnection | None] = loop.create_future()
        self._waiting.append(waiter)
        timer = loop.call_later(self._spill_after, _spill, waiter)
        try:
            return await waiter
        except asyncio.CancelledError:
            if not waiter.cancelled():  # handed one, then cancelled before it could run
                handed = waiter.result()
                if handed is None:
                    self._wake(None)
                else:
                    self._hand_on(handed)
            raise
        finally:
            timer.cancel()

    def _hand_on(self, connection: AsyncConnection) -> None:
        """To the first reader still waiting, else to rest."""
        if not self._wake(connection):
            self._resting.append((connection, time.monotonic()))

    def _wake(self, handed: AsyncConnection | None) -> bool:
        """Hands `handed` to the first reader still waiting; False if none is."""
        while self._waiting:
            waiter = self._waiting.popleft()
            if not waiter.done():
                waiter.set_result(handed)
                return True
        return False

    async def _answers(self, connection: AsyncConnection) -> bool:
        try:
            await connection.run_sync(_ping)
        except Exception:
            await self.discard(connection)
            return False
        return True


def _spill(waiter: asyncio.Future[AsyncConnection | None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


def _ping(sync: Connection) -> None:
    sync.connection.dbapi_connection.ping()  # type: ignore[union-attr]
