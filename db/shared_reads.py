"""One request's reads on one connection while they overlap.

Resolvers run side by side, so a request's loaders dispatch their batches together (a list's
total and its items' relations, say). Each taking a connection of its own cost a take, a
first statement on it and a return apiece; here they queue on the connection the first one
took, which goes back to the read lane (db/read_lane.py) as soon as no read of the request is
waiting for it, so a request never holds a connection between its batches. A read that fails
or is cancelled midway takes its connection out of service rather than hand a half-spoken
protocol to the next one.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncConnection

from db.read_lane import ReadLane


class SharedReads:
    def __init__(self, lane: ReadLane) -> None:
        self._lane = lane
        self._connection: AsyncConnection | None = None
        self._lock = asyncio.Lock()
        self._users = 0

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        self._users += 1
        try:
            async with self._lock:
                if self._connection is None:
                    self._connection = await self._lane.take()
                try:
                    yield self._connection
                except BaseException:
                    broken, self._connection = self._connection, None
                    await self._lane.discard(broken)
                    raise
        finally:
            self._users -= 1
            if self._users == 0 and self._connection is not None:
                idle, self._connection = self._connection, None
                await self._lane.give_back(idle)
