"""Batched reads of evaluation for one request: a page of results reads its framework, its
indicators, its scores and its trends in one statement each."""

from __future__ import annotations

from collections import defaultdict

from db.evaluation.queries import (
    FrameworkRecord,
    IndicatorRecord,
    RatingStepRecord,
    ResultRecord,
    ScoreRecord,
    framework_by_id,
    indicators_of,
    rating_steps,
    results_over_years,
    scores_of,
)
from db.shared_reads import SharedReads
from resolvers.batches import LoaderSet

ScoreKey = tuple[int, int]  # (framework, organisation)


class EvaluationLoaders(LoaderSet):
    def __init__(self, reads: SharedReads, *, cache: bool) -> None:
        super().__init__(reads, cache=cache)
        # The frameworks a field answered this request, as the layer above built them
        # (schema/evaluation/types.py): a page of results names one. Kept while reads are cached.
        self.framework_answers: dict[int, object] = {}
        self.framework = self.loader(self._frameworks)
        self.indicators = self.loader(self._indicators)
        self.scores = self.loader(self._scores)
        self.trend = self.loader(self._trends)
        self.steps = self.loader(self._steps)

    async def _frameworks(self, ids: list[int]) -> list[FrameworkRecord | None]:
        """One statement per framework: a request names one or two."""
        return [await self._framework(key) for key in ids]

    async def _framework(self, framework_id: int) -> FrameworkRecord | None:
        return await self.read(lambda c: framework_by_id(c, framework_id))

    async def _indicators(self, ids: list[int]) -> list[list[IndicatorRecord]]:
        return [await self._indicators_of(key) for key in ids]

    async def _indicators_of(self, framework_id: int) -> list[IndicatorRecord]:
        return await self.read(lambda c: indicators_of(c, framework_id))

    async def _scores_of(self, framework_id: int, ids: list[int]) -> list[ScoreRecord]:
        return await self.read(lambda c: scores_of(c, framework_id, ids))

    async def _scores(self, keys: list[ScoreKey]) -> list[list[ScoreRecord]]:
        organizations: dict[int, list[int]] = defaultdict(list)
        for framework_id, organization_id in keys:
            organizations[framework_id].append(organization_id)
        found: dict[ScoreKey, list[ScoreRecord]] = defaultdict(list)
        for framework_id, ids in organizations.items():
            for row in await self._scores_of(framework_id, ids):
                found[(framework_id, row.organization_id)].append(row)
        return [found.get(key, []) for key in keys]

    async def _trends(self, organization_ids: list[int]) -> list[list[ResultRecord]]:
        found: dict[int, list[ResultRecord]] = defaultdict(list)
        for row in await self.read(lambda c: results_over_years(c, organization_ids)):
            found[row.organization_id].append(row)
        return [found.get(key, []) for key in organization_ids]

    async def _steps(self, result_ids: list[int]) -> list[list[RatingStepRecord]]:
        found: dict[int, list[RatingStepRecord]] = defaultdict(list)
        for row in await self.read(lambda c: rating_steps(c, result_ids)):
            found[row.result_id].append(row)
        return [found.get(key, []) for key in result_ids]
