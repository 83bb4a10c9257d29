"""How long the event loop went without turning while a test did something."""

from __future__ import annotations

import asyncio
import contextlib
import time
from types import TracebackType


class LoopWatch:
    """The longest stretch between two turns of a ticker task, in CPU time of the loop's
    thread: what one callback held the loop for, unaffected by the machine running other
    processes meanwhile (wall time would count those too)."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._ticker: asyncio.Task[None] | None = None

    async def _tick(self) -> None:
        while True:
            before = time.thread_time()
            await asyncio.sleep(0.001)
            self.longest = max(self.longest, time.thread_time() - before)

    async def __aenter__(self) -> LoopWatch:
        self._ticker = asyncio.create_task(self._tick())
        await asyncio.sleep(0)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        assert self._ticker is not None
        self._ticker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._ticker
