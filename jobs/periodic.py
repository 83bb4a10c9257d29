"""Periodic background jobs, started by the server's lifespan.

A job runs on every instance; each must be safe to run concurrently (claim rows with a
conditional UPDATE, so that exactly one instance acts on each row).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

logger = logging.getLogger("zhdj.jobs")


@dataclass
class PeriodicJob:
    """Calls `run` every `interval` seconds until stopped; a failure is logged, not fatal."""

    name: str
    interval: float
    run: Callable[[], Awaitable[object]]
    _task: asyncio.Task[None] | None = field(default=None, init=False, repr=False)

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._loop(), name=f"zhdj-job-{self.name}")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.run()
            except Exception:
                logger.exception(
                    "background job %s failed; it runs again in %.0f s", self.name, self.interval
                )
