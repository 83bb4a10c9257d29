"""A leaky bucket of query cost per client, in the shape Shopify's clients read.

Each client holds up to `capacity` points, refilled continuously at `restore_rate` points a
second; a query is charged its requested cost before it runs and given back what it did not
use. With several instances the buckets live in Redis (the rate store), so N instances are
one budget, not N: the take, the give-back and the refill are one Lua script each time,
atomic on the server and timed by its clock. `limits`' moving windows count whole hits and
cannot give points back, which this bucket needs, so the sign-in limits use `limits` and
this bucket uses its own script. If Redis is down, queries are not charged (fail open, with
a logged warning): a cost budget is a fairness measure, not a lock.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from redis.commands.core import AsyncScript

from resolvers.rate_store import RateStore

# KEYS[1] the bucket; ARGV capacity, restore rate, change (> 0 take if available, < 0 give
# back, 0 look). Returns {taken (1/0), points available after}.
_BUCKET = """
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local change = tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local level = redis.call('HMGET', KEYS[1], 'available', 'updated')
local available = capacity
if level[1] then
  available = math.min(capacity, tonumber(level[1]) + (now - tonumber(level[2])) * rate)
end
local taken = 1
if change > 0 and change > available then
  taken = 0
elseif change ~= 0 then
  available = math.min(capacity, available - change)
  if available >= capacity then
    redis.call('DEL', KEYS[1])
  else
    redis.call('HSET', KEYS[1], 'available', tostring(available), 'updated', tostring(now))
    redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - available) / rate * 1000) + 1000)
  end
end
return {taken, tostring(available)}
"""


@dataclass(frozen=True, slots=True)
class QueryBudget:
    """A client's cost budget as a request left it, once its query was charged."""

    cost: int  # charged up front for this query (unused points are given back after)
    limit: float  # the bucket's capacity
    remaining: float
    restore_rate: float  # points a second

    @property
    def seconds_to_full(self) -> float:
        return max(0.0, (self.limit - self.remaining) / self.restore_rate)


@dataclass(slots=True)
class _Level:
    available: float
    updated: float


@dataclass(slots=True)
class Throttle:
    """Cost buckets per client, in the rate store (Redis) or in this process."""

    capacity: float = 2000.0
    restore_rate: float = 100.0
    store: RateStore = field(default_factory=RateStore)
    clock: Callable[[], float] = time.monotonic
    _levels: dict[str, _Level] = field(default_factory=dict)
    _script: AsyncScript | None = None

    async def try_take(self, client: str, cost: float) -> tuple[bool, float]:
        """Take `cost` points if the client has them; (taken, points available after)."""
        return await self._change(client, cost)

    async def give_back(self, client: str, points: float) -> float:
        """Return unused points (never past capacity); the points available after."""
        return (await self._change(client, -max(0.0, points)))[1]

    async def available(self, client: str) -> float:
        return (await self._change(client, 0))[1]

    def seconds_until(self, cost: float, available: float) -> float:
        return max(0.0, (cost - available) / self.restore_rate)

    def budget(self, cost: int, available: float) -> QueryBudget:
        return QueryBudget(cost, self.capacity, available, self.restore_rate)

    def status(self, available: float) -> dict[str, float]:
        return {
            "maximumAvailable": self.capacity,
            "currentlyAvailable": round(available, 1),
            "restoreRate": self.restore_rate,
        }

    async def _change(self, client: str, change: float) -> tuple[bool, float]:
        async def shared() -> tuple[bool, float]:
            return await self._change_shared(client, change)

        async def unlimited() -> tuple[bool, float]:
            return True, self.capacity

        return await self.store.attempt(shared, unlimited, purpose="query cost not charged")

    async def _change_shared(self, client: str, change: float) -> tuple[bool, float]:
        redis = self.store.redis
        if redis is None:
            return self._change_local(client, change)
        if self._script is None:
            self._script = redis.register_script(_BUCKET)
        taken, available = await self._script(
            keys=[self.store.key("cost", client)],
            args=[self.capacity, self.restore_rate, change],
        )
        return bool(taken), float(available)

    def _change_local(self, client: str, change: float) -> tuple[bool, float]:
        now = self.clock()
        level = self._levels.get(client)
        available = (
            self.capacity
            if level is None
            else min(self.capacity, level.available + (now - level.updated) * self.restore_rate)
        )
        if change > 0 and change > available:
            return False, available
        if change != 0:
            available = min(self.capacity, available - change)
            if available >= self.capacity:
                self._levels.pop(client, None)  # a full bucket needs no memory
            else:
                self._levels[client] = _Level(available, now)
        return True, available
