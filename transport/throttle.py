"""A leaky bucket of query cost per client, in the shape Shopify's clients read."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(slots=True)
class _Level:
    available: float
    updated: float


@dataclass(slots=True)
class Throttle:
    """Each client holds up to `capacity` points, refilled at `restore_rate` points a second.

    Per process: with several instances behind a balancer each holds its own bucket.
    """

    capacity: float = 2000.0
    restore_rate: float = 100.0
    clock: Callable[[], float] = time.monotonic
    _levels: dict[str, _Level] = field(default_factory=dict)

    def available(self, client: str) -> float:
        now = self.clock()
        level = self._levels.get(client)
        if level is None:
            return self.capacity
        return min(self.capacity, level.available + (now - level.updated) * self.restore_rate)

    def try_take(self, client: str, cost: float) -> bool:
        """Take `cost` points if the client has them; never goes below zero."""
        available = self.available(client)
        if cost > available:
            return False
        self._set(client, available - cost)
        return True

    def give_back(self, client: str, points: float) -> None:
        if points > 0:
            self._set(client, min(self.capacity, self.available(client) + points))

    def seconds_until(self, client: str, cost: float) -> float:
        return max(0.0, (cost - self.available(client)) / self.restore_rate)

    def _set(self, client: str, available: float) -> None:
        if available >= self.capacity:
            self._levels.pop(client, None)  # a full bucket needs no memory
        else:
            self._levels[client] = _Level(available, self.clock())

    def status(self, client: str) -> dict[str, float]:
        return {
            "maximumAvailable": self.capacity,
            "currentlyAvailable": round(self.available(client), 1),
            "restoreRate": self.restore_rate,
        }
