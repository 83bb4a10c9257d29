"""Sign-in throttling that slows guessing without locking the real user out.

Three budgets, each a set of moving windows (`limits`, in the rate store so every instance
counts against the same budget), so the wait grows with persistence (5 a minute, then 20 an
hour, then 100 a day):

- **client** — attempts for one username from one address. Reserved before the password is
  checked (atomic, so a burst of parallel guesses gets no more than the window), and cleared
  by a successful sign-in: a user's own typos never pile up.
- **address** — attempts from one address for usernames it never signed in as (password
  spraying); people who share an address (an office, a NAT) do not use up each other's.
- **username** — failures for one username from addresses it has never signed in from
  (distributed guessing from many addresses). When it runs out, such addresses must wait;
  an address the account signed in from before (within `known_days`) is exempt, so the owner
  keeps signing in from their usual places while their name is under attack.

A client refused here is refused before its password is checked, so a refusal tells nothing
about the password. Another client's failures never refuse a client, except through the
username budget for addresses the account never used; a correct password from a known
address is refused only by that address's own attempts. A client presenting a device key
(devices.py) is counted on that key alone: not even an attacker behind the same address
slows it.

If the shared store is down, the windows are counted in this process instead (logged): each
instance then grants its own budget, but guessing stays slow and sign-ins keep working.
"""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from limits import RateLimitItem, parse_many
from limits.aio.storage import Storage
from limits.aio.strategies import MovingWindowRateLimiter

from resolvers.errors import RateLimited
from resolvers.rate_store import RateStore

DEFAULT_CLIENT_LIMITS = "5/minute;20/hour;100/day"
DEFAULT_ADDRESS_LIMITS = "30/minute;300/hour;1000/day"
DEFAULT_USERNAME_LIMITS = "30/hour;200/day"
DEFAULT_KNOWN_DAYS = 30.0
FALLBACK = "sign-ins counted in this process"

Result = TypeVar("Result")


def parse_limits(text: str, *, setting: str) -> tuple[RateLimitItem, ...]:
    """`5/minute;20/hour` as moving windows; a setting that does not parse stops start-up."""
    try:
        return tuple(parse_many(text))
    except ValueError as error:
        raise ValueError(
            f"{setting} must be limits like '5/minute;20/hour', not {text!r}: {error}"
        ) from None


@dataclass(frozen=True, slots=True)
class SignInPolicy:
    client: Sequence[RateLimitItem] = field(
        default_factory=lambda: parse_limits(DEFAULT_CLIENT_LIMITS, setting="client")
    )
    address: Sequence[RateLimitItem] = field(
        default_factory=lambda: parse_limits(DEFAULT_ADDRESS_LIMITS, setting="address")
    )
    username: Sequence[RateLimitItem] = field(
        default_factory=lambda: parse_limits(DEFAULT_USERNAME_LIMITS, setting="username")
    )
    known_days: float = DEFAULT_KNOWN_DAYS

    @property
    def known_seconds(self) -> int:
        return math.ceil(self.known_days * 86400)


@dataclass(frozen=True, slots=True)
class Attempt:
    """One sign-in: who, from where, whether that address signed in as them before, and the
    device key (its nonce) that proves this client did."""

    username: str
    address: str
    known: bool
    device: str | None = None

    @property
    def client(self) -> tuple[str, str]:
        if self.device is not None:
            return ("device", self.device)
        return ("client", f"{self.username}\x1f{self.address}")


class SignInLimits:
    def __init__(self, store: RateStore, policy: SignInPolicy | None = None) -> None:
        self.store = store
        self.policy = policy or SignInPolicy()
        self._shared = MovingWindowRateLimiter(store.shared)
        self._local = MovingWindowRateLimiter(store.local)

    async def admit(self, username: str, address: str | None, device: str | None = None) -> Attempt:
        """The attempt, if this client may try a password now; else RATE_LIMITED. `device`
        is the nonce of a valid device key for this username (devices.py)."""
        name = username.casefold()
        where = address or "unknown"
        if device is not None:
            attempt = Attempt(name, where, known=True, device=device)
            return await self._with_store(
                lambda limiter, _storage: self._reserve(limiter, attempt, self.policy.client)
            )
        return await self._with_store(
            lambda limiter, storage: self._admit(limiter, storage, name, where)
        )

    async def failed(self, attempt: Attempt) -> None:
        async def count(limiter: MovingWindowRateLimiter, _storage: Storage) -> None:
            if not attempt.known:
                for item in self.policy.username:
                    await limiter.hit(item, "username", attempt.username)

        await self._with_store(count)

    async def succeeded(self, attempt: Attempt) -> None:
        """The client's own backoff starts again, and its address is known from now on."""

        async def remember(limiter: MovingWindowRateLimiter, storage: Storage) -> None:
            for item in self.policy.client:
                await limiter.clear(item, *attempt.client)
            key = _known_key(attempt.username, attempt.address)
            await storage.clear(key)
            await storage.incr(key, self.policy.known_seconds)

        await self._with_store(remember)

    async def _admit(
        self, limiter: MovingWindowRateLimiter, storage: Storage, name: str, address: str
    ) -> Attempt:
        known = await storage.get(_known_key(name, address)) > 0
        attempt = Attempt(name, address, known=known)
        if not known:
            for item in self.policy.username:
                if not await limiter.test(item, "username", name):
                    wait = await _wait(limiter, item, ("username", name))
                    raise RateLimited(
                        "This account has had many failed sign-ins from other places, so "
                        f"sign-ins from a new address wait: try again in {wait} s (from an "
                        "address you signed in from before, you need not wait).",
                        retry_after=wait,
                    )
        await self._reserve(limiter, attempt, self.policy.client)
        if not known:
            await self._reserve(limiter, attempt, self.policy.address, ("address", address))
        return attempt

    async def _reserve(
        self,
        limiter: MovingWindowRateLimiter,
        attempt: Attempt,
        items: Sequence[RateLimitItem],
        identifiers: tuple[str, ...] | None = None,
    ) -> Attempt:
        """One attempt from each window (the client's own unless `identifiers` say)."""
        key = identifiers or attempt.client
        for item in items:
            if not await limiter.hit(item, *key):
                wait = await _wait(limiter, item, key)
                source = "device" if attempt.device else "address"
                raise RateLimited(
                    f"Too many sign-in attempts from your {source} ({item.amount} in "
                    f"{item.get_expiry()} s allowed); wait {wait} s and try again. If this is "
                    "your account, a device you signed in from before is not slowed.",
                    retry_after=wait,
                )
        return attempt

    async def _with_store(
        self, operation: Callable[[MovingWindowRateLimiter, Storage], Awaitable[Result]]
    ) -> Result:
        return await self.store.attempt(
            lambda: operation(self._shared, self.store.shared),
            lambda: operation(self._local, self.store.local),
            purpose=FALLBACK,
        )


def _known_key(username: str, address: str) -> str:
    return f"known/{username}\x1f{address}"


async def _wait(
    limiter: MovingWindowRateLimiter, item: RateLimitItem, identifiers: tuple[str, ...]
) -> int:
    stats = await limiter.get_window_stats(item, *identifiers)
    return max(1, math.ceil(stats.reset_time - time.time()))
