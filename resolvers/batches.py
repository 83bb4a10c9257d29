"""What every domain's loader set shares: loaders with one policy, and the request's reads.

Batches read on the request's shared connection (db/shared_reads.py): never a session shared
by resolvers, which Strawberry runs concurrently, and never held between statements.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from db.engine import ReadConnection
from db.shared_reads import SharedReads
from resolvers.batch_loader import Loader

# SQLite caps bound parameters per statement; keep batches well below it.
MAX_BATCH_SIZE = 500

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")


class LoaderSet:
    """A domain's loaders for one request; `cache` off where reads must stay fresh."""

    def __init__(self, reads: SharedReads, *, cache: bool) -> None:
        self.reads = reads
        self.cache = cache
        self._made: list[Loader[Any, Any]] = []
        self._released = False

    def loader(self, batch: Callable[[list[K]], Awaitable[Sequence[V]]]) -> Loader[K, V]:
        """A loader of this set; one first reached after the request ended refuses use, as
        one made before it would."""
        made: Loader[K, V] = Loader(batch, max_batch_size=MAX_BATCH_SIZE, cache=self.cache)
        if self._released:
            made.release()
        self._made.append(made)
        return made

    def release(self) -> None:
        """The request is over: release every loader this set made (`Loader.release`)."""
        self._released = True
        for made in self._made:
            made.release()

    async def read(self, work: Callable[[ReadConnection], Awaitable[T]]) -> T:
        async with self.reads.read() as connection:
            return await work(connection)


def in_order(keys: Sequence[K], found: dict[K, V]) -> list[V | None]:
    """A batch's answer: the value found for each key, or None, in the keys' order."""
    return [found.get(key) for key in keys]
