"""One request's reads on one pooled connection while they overlap.

Resolvers run side by side, so a request's loaders dispatch their batches together (a list's
total and its items' relations, say). Each taking a connection of its own cost a checkout, a
first statement on it and a checkin apiece; here they queue on the connection the first one
took, which goes back to the pool as soon as no read of the request is waiting for it. A read
that fails or is cancelled midway takes its connection out of service rather than hand a
half-spoken protocol to the next one.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine


class SharedReads:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None
        self._lock = asyncio.Lock()
        self._users = 0

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        self._users += 1
        try:
            async with self._lock:
                if self._connection is None:
                    self._connection = await self._engine.connect()
                try:
                    yield self._connection
                except BaseException:
                    broken, self._connection = self._connection, None
                    await broken.invalidate()
                    await broken.close()
                    raise
        finally:
            self._users -= 1
            if self._users == 0 and self._connection is not None:
                idle, self._connection = self._connection, None
                await idle.close()
