"""What every domain's loader set shares: DataLoaders with one policy, reads on one connection.

Each batch reads on a pooled connection of its own (never a session shared by resolvers,
which Strawberry runs concurrently) and holds it only while its statement runs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.dataloader import DataLoader

from db.engine import Database

# SQLite caps bound parameters per statement; keep batches well below it.
MAX_BATCH_SIZE = 500

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")


class LoaderSet:
    """A domain's DataLoaders for one request; `cache` off where reads must stay fresh."""

    def __init__(self, database: Database, *, cache: bool) -> None:
        self.database = database
        self.cache = cache

    def loader(self, batch: Callable[[list[K]], Awaitable[Sequence[V]]]) -> DataLoader[K, V]:
        return DataLoader(batch, max_batch_size=MAX_BATCH_SIZE, cache=self.cache)

    async def read(self, work: Callable[[AsyncConnection], Awaitable[T]]) -> T:
        async with self.database.read() as connection:
            return await work(connection)


def in_order(keys: Sequence[K], found: dict[K, V]) -> list[V | None]:
    """A batch's answer: the value found for each key, or None, in the keys' order."""
    return [found.get(key) for key in keys]
