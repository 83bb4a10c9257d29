"""Batched reads of petitions for one request: petitions, timelines, categories, figures."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from functools import cached_property
from typing import TypeVar

from db.petitions import statistics as figures
from db.petitions.models import PetitionStatus
from db.petitions.queries import (
    CategoryRecord,
    PetitionRecord,
    StepRecord,
    categories_by_ids,
    petitions_by_ids,
    steps_by_petition,
)
from db.petitions.similar import answered_in_categories, open_in_grids
from db.petitions.statistics import Summary, Window
from db.petitions.vocabulary import top_topics, vocabulary
from db.records import Connectable
from db.shared_reads import SharedReads
from resolvers.batch_loader import Loader
from resolvers.batches import LoaderSet, in_order

K = TypeVar("K")
V = TypeVar("V")

# (roots, since, until, limit) of a hot-topics read.
TopicsKey = tuple[tuple[str, ...], date, date, int]
# (grid id, since) of open petitions a report may duplicate; (category id, roots) of answers.
RecentKey = tuple[int, datetime]
AnsweredKey = tuple[int, tuple[str, ...]]
Vocabulary = tuple[dict[str, str], frozenset[str]]


class PetitionLoaders(LoaderSet):
    """Each loader is built the first time the request reaches for it: a page uses a few of
    the set's fifteen."""

    def __init__(self, reads: SharedReads, *, cache: bool) -> None:
        super().__init__(reads, cache=cache)
        # Each category as a field answered it this request (schema/answers.py): a page's
        # twenty petitions name a few categories.
        self.category_answers: dict[int, object] = {}

    @cached_property
    def by_id(self) -> Loader[int, PetitionRecord | None]:
        return self.loader(self._by_id)

    @cached_property
    def steps(self) -> Loader[int, list[StepRecord]]:
        return self.loader(self._steps)

    @cached_property
    def category(self) -> Loader[int, CategoryRecord | None]:
        return self.loader(self._categories)

    @cached_property
    def summary(self) -> Loader[Window, Summary]:
        return self.loader(self._per_window(figures.summary))

    @cached_property
    def by_status(self) -> Loader[Window, dict[PetitionStatus, int]]:
        return self.loader(self._per_window(figures.count_by_status))

    @cached_property
    def by_category(self) -> Loader[Window, dict[int, int]]:
        return self.loader(self._per_window(figures.count_by_category))

    @cached_property
    def by_day(self) -> Loader[Window, dict[date, int]]:
        return self.loader(self._per_window(figures.count_by_day))

    @cached_property
    def p90(self) -> Loader[Window, int | None]:
        return self.loader(self._per_window(figures.p90_handling_seconds))

    @cached_property
    def open_now(self) -> Loader[tuple[str, ...], int]:
        return self.loader(self._open_now)

    @cached_property
    def overdue_now(self) -> Loader[tuple[tuple[str, ...], datetime], int]:
        return self.loader(self._overdue_now)

    @cached_property
    def topics(self) -> Loader[TopicsKey, list[tuple[str, int]]]:
        return self.loader(self._topics)

    @cached_property
    def vocabulary(self) -> Loader[int, Vocabulary]:
        return self.loader(self._vocabulary)

    @cached_property
    def open_in_grid(self) -> Loader[RecentKey, list[PetitionRecord]]:
        return self.loader(self._open_in_grids)

    @cached_property
    def answered(self) -> Loader[AnsweredKey, list[PetitionRecord]]:
        return self.loader(self._answered)

    async def _each(self, keys: list[K], work: Callable[[Connectable, K], Awaitable[V]]) -> list[V]:
        """Figures that are one statement per key, on one connection for the batch."""
        async with self.reads.read() as connection:
            return [await work(connection, key) for key in keys]

    def _per_window(
        self, query: Callable[[Connectable, Window], Awaitable[V]]
    ) -> Callable[[list[Window]], Awaitable[list[V]]]:
        async def batch(windows: list[Window]) -> list[V]:
            return await self._each(windows, query)

        return batch

    async def _by_id(self, ids: list[int]) -> list[PetitionRecord | None]:
        return in_order(ids, await self.read(lambda c: petitions_by_ids(c, ids)))

    async def _steps(self, ids: list[int]) -> list[list[StepRecord]]:
        found = await self.read(lambda c: steps_by_petition(c, ids))
        return [found[key] for key in ids]

    async def _categories(self, ids: list[int]) -> list[CategoryRecord | None]:
        return in_order(ids, await self.read(lambda c: categories_by_ids(c, ids)))

    async def _open_now(self, keys: list[tuple[str, ...]]) -> list[int]:
        return await self._each(keys, figures.count_open_now)

    async def _overdue_now(self, keys: list[tuple[tuple[str, ...], datetime]]) -> list[int]:
        return await self._each(keys, lambda c, key: figures.count_overdue_now(c, *key))

    async def _topics(self, keys: list[TopicsKey]) -> list[list[tuple[str, int]]]:
        return await self._each(keys, lambda c, key: top_topics(c, *key))

    async def _vocabulary(self, keys: list[int]) -> list[Vocabulary]:
        """The whole vocabulary, read once per request (any key)."""
        found = await self.read(vocabulary)
        return [found for _ in keys]

    async def _open_in_grids(self, keys: list[RecentKey]) -> list[list[PetitionRecord]]:
        """One statement per `since` in the batch (the same for a request's lists)."""
        found: dict[RecentKey, list[PetitionRecord]] = {}
        for since in dict.fromkeys(since for _grid, since in keys):
            grids = [grid for grid, at in keys if at == since]
            async with self.reads.read() as connection:
                by_grid = await open_in_grids(connection, grids, since)
            found |= {(grid, since): rows for grid, rows in by_grid.items()}
        return [found[key] for key in keys]

    async def _answered(self, keys: list[AnsweredKey]) -> list[list[PetitionRecord]]:
        """One statement per set of roots in the batch (a viewer's: one per request)."""
        found: dict[AnsweredKey, list[PetitionRecord]] = {}
        for roots in dict.fromkeys(roots for _category, roots in keys):
            categories = [category for category, at in keys if at == roots]
            async with self.reads.read() as connection:
                by_category = await answered_in_categories(connection, categories, roots)
            found |= {(category, roots): rows for category, rows in by_category.items()}
        return [found[key] for key in keys]
