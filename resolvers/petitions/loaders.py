"""Per-request DataLoaders for petitions, kept beside the foundation's `Loaders` of a context."""

from __future__ import annotations

import weakref
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from db.engine import Database
from db.petitions import statistics as figures
from db.petitions.models import (
    PetitionCategoryRow,
    PetitionRow,
    PetitionStepRow,
    get_categories_by_ids,
    get_petitions_by_ids,
    get_steps_by_petition,
)
from db.petitions.statistics import Window
from db.petitions.words import top_words
from resolvers.context import Context
from resolvers.loaders import MAX_BATCH_SIZE, Loaders

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")

# (roots, since, until, limit) of a hot-topics read.
TopicsKey = tuple[tuple[str, ...], date, date, int]


class PetitionLoaders:
    """Batched reads, each batch in its own short session (never one shared by resolvers)."""

    def __init__(self, database: Database, *, cache: bool) -> None:
        self._database = database
        self._cache = cache
        self.petition = self._loader(self._petitions)
        self.steps = self._loader(self._steps)
        self.category = self._loader(self._categories)
        self.summary = self._loader(self._per_window(figures.summary))
        self.by_status = self._loader(self._per_window(figures.count_by_status))
        self.by_category = self._loader(self._per_window(figures.count_by_category))
        self.by_day = self._loader(self._per_window(figures.count_by_day))
        self.p90 = self._loader(self._p90)
        self.open_now = self._loader(self._open_now)
        self.overdue_now = self._loader(self._overdue_now)
        self.topics = self._loader(self._topics)

    def _loader(self, batch: Callable[[list[K]], Awaitable[Sequence[V]]]) -> DataLoader[K, V]:
        return DataLoader(batch, max_batch_size=MAX_BATCH_SIZE, cache=self._cache)

    async def _each(
        self, keys: list[K], work: Callable[[AsyncSession, K], Awaitable[V]]
    ) -> list[V]:
        async with self._database.session() as session:
            return [await work(session, key) for key in keys]

    def _per_window(
        self, query: Callable[[AsyncSession, Window], Awaitable[V]]
    ) -> Callable[[list[Window]], Awaitable[list[V]]]:
        async def batch(windows: list[Window]) -> list[V]:
            return await self._each(windows, query)

        return batch

    async def _petitions(self, ids: list[int]) -> list[PetitionRow | None]:
        async with self._database.session() as session:
            found = await get_petitions_by_ids(session, ids)
        return [found.get(key) for key in ids]

    async def _steps(self, ids: list[int]) -> list[list[PetitionStepRow]]:
        async with self._database.session() as session:
            found = await get_steps_by_petition(session, ids)
        return [found[key] for key in ids]

    async def _categories(self, ids: list[int]) -> list[PetitionCategoryRow | None]:
        async with self._database.session() as session:
            found = await get_categories_by_ids(session, ids)
        return [found.get(key) for key in ids]

    async def _p90(self, keys: list[tuple[Window, int]]) -> list[int | None]:
        return await self._each(
            keys,
            lambda s, key: figures.percentile_handling_seconds(s, key[0], key[1], 0.9),
        )

    async def _open_now(self, keys: list[tuple[str, ...]]) -> list[int]:
        return await self._each(keys, figures.count_open_now)

    async def _overdue_now(self, keys: list[tuple[tuple[str, ...], datetime]]) -> list[int]:
        return await self._each(keys, lambda s, key: figures.count_overdue_now(s, *key))

    async def _topics(self, keys: list[TopicsKey]) -> list[list[tuple[str, int]]]:
        return await self._each(keys, lambda s, key: top_words(s, *key))


_by_context: weakref.WeakKeyDictionary[Loaders, PetitionLoaders] = weakref.WeakKeyDictionary()


def petition_loaders(context: Context) -> PetitionLoaders:
    """The petition loaders of this context's request (created with the context's loaders)."""
    found = _by_context.get(context.loaders)
    if found is None:
        found = PetitionLoaders(context.services.database, cache=context.cache_reads)
        _by_context[context.loaders] = found
    return found
