"""What every domain's loader set shares: DataLoaders with one policy, and the request's reads.

Batches read on the request's shared connection (db/shared_reads.py): never a session shared
by resolvers, which Strawberry runs concurrently, and never held between statements.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader

from db.engine import ReadConnection
from db.shared_reads import SharedReads

# SQLite caps bound parameters per statement; keep batches well below it.
MAX_BATCH_SIZE = 500

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")


async def _request_over(keys: list[Any]) -> Sequence[Any]:
    raise RuntimeError("a loader was used after its request ended: use the current context's")


def release(loader: DataLoader[Any, Any]) -> None:
    """Forget what `loader` read, and its batch function. That function is its owner's (a
    bound method or a closure over it) and the owner holds the loader: a reference cycle,
    freed only by the garbage collector, with every future and row the loader cached (issue
    12). A loader with a batch still to run keeps its function."""
    if loader.batch is not None and not loader.batch.dispatched:
        return
    loader.clear_all()
    loader.batch = None
    loader.load_fn = _request_over


class LoaderSet:
    """A domain's DataLoaders for one request; `cache` off where reads must stay fresh."""

    def __init__(self, reads: SharedReads, *, cache: bool) -> None:
        self.reads = reads
        self.cache = cache
        self._made: list[DataLoader[Any, Any]] = []

    def loader(self, batch: Callable[[list[K]], Awaitable[Sequence[V]]]) -> DataLoader[K, V]:
        made: DataLoader[K, V] = DataLoader(batch, max_batch_size=MAX_BATCH_SIZE, cache=self.cache)
        self._made.append(made)
        return made

    def release(self) -> None:
        """The request is over: release every loader this set made (see `release`)."""
        for made in self._made:
            release(made)

    async def read(self, work: Callable[[ReadConnection], Awaitable[T]]) -> T:
        async with self.reads.read() as connection:
            return await work(connection)


def in_order(keys: Sequence[K], found: dict[K, V]) -> list[V | None]:
    """A batch's answer: the value found for each key, or None, in the keys' order."""
    return [found.get(key) for key in keys]
