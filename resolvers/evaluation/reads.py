"""Reading evaluation results 测评结果: a subtree's results in ranking order, one
organisation's result, each indicator's score with its explanation, category subtotals and
the trend over years. Everything is within the viewer's `read_evaluation` scope."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from db.evaluation.models import IndicatorKind
from db.evaluation.queries import (
    RESULT_KEY,
    FrameworkRecord,
    IndicatorRecord,
    ResultRecord,
    ScoreRecord,
    framework_in_force,
    result_by_id,
    result_list,
    result_of,
    results_under,
)
from db.pagination import Page, PageRequest, paginate
from db.paths import minimal_roots
from resolvers.access import Permission
from resolvers.context import Context
from resolvers.errors import not_found
from resolvers.evaluation.batch import rule_of
from resolvers.evaluation.formulas import Raw
from resolvers.evaluation.scoring import explanation, score
from resolvers.organizations.reads import resolve_organization_by_id, resolve_scope_under


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    indicator: IndicatorRecord
    score: ScoreRecord | None

    @property
    def points(self) -> float:
        return self.score.points if self.score else 0.0

    @property
    def explanation(self) -> str:
        """Why this many points: the figures, then the rule and its arithmetic."""
        raw = (
            Raw(self.score.raw, self.score.figures, self.score.how)
            if self.score
            else Raw(None, {}, "not scored")
        )
        return explanation(raw, score(rule_of(self.indicator), raw))


@dataclass(frozen=True, slots=True)
class CategoryScore:
    category: str
    points: float
    most: float  # the positive indicators' caps (0 for the negative list)


async def framework_for(context: Context, year: int | None) -> FrameworkRecord | None:
    async with context.loaders.reads.read() as connection:
        return await framework_in_force(connection, year)


async def resolve_framework_by_id(context: Context, framework_id: int) -> FrameworkRecord | None:
    """Frameworks are the whole tree's: whoever reads evaluation anywhere reads them."""
    if not context.viewer.paths_for(Permission.READ_EVALUATION):
        return None
    return await context.loaders.evaluation.framework.load(framework_id)


async def resolve_framework(context: Context, year: int | None) -> FrameworkRecord | None:
    context.viewer.require_anywhere(Permission.READ_EVALUATION, what="indicator frameworks")
    return await framework_for(context, year)


async def resolve_result_by_id(context: Context, result_id: int) -> ResultRecord | None:
    async with context.loaders.reads.read() as connection:
        found = await result_by_id(connection, result_id)
    if found is None or not context.viewer.can(Permission.READ_EVALUATION, found.org_path):
        return None
    return found


async def resolve_scores(
    context: Context,
    under: int | None,
    under_global_id: str | None,
    year: int | None,
    request: PageRequest,
) -> tuple[Page[ResultRecord], Callable[[], Awaitable[int]]]:
    """The year's results within the viewer's scope (and `under`), best first."""
    context.viewer.require_anywhere(Permission.READ_EVALUATION, what="evaluation results")
    roots = await resolve_scope_under(
        context, Permission.READ_EVALUATION, under, global_id=under_global_id
    )
    framework = await framework_for(context, year)
    framework_id = framework.id if framework else 0
    page, _count = await paginate(
        context.loaders.reads.read,
        result_list(framework_id, roots),
        RESULT_KEY,
        request,
        ResultRecord,
    )

    async def total() -> int:  # the batch's kept counts, not a count of the rows
        async with context.loaders.reads.read() as connection:
            return await results_under(connection, framework_id, minimal_roots(roots))

    return page, total


async def resolve_result(
    context: Context, organization_id: int, global_id: str, year: int | None
) -> ResultRecord | None:
    """The organisation's result for the year; NOT_FOUND outside the viewer's scope."""
    context.require_account()
    node = await resolve_organization_by_id(context, organization_id)
    if node is None or not context.viewer.can(Permission.READ_EVALUATION, node.path):
        raise not_found("organization whose evaluation you may read", global_id, "organizationId")
    framework = await framework_for(context, year)
    if framework is None:
        return None
    async with context.loaders.reads.read() as connection:
        return await result_of(connection, framework.id, node.id)


async def indicator_scores(context: Context, result: ResultRecord) -> list[IndicatorScore]:
    indicators = await context.loaders.evaluation.indicators.load(result.framework_id)
    scores = await context.loaders.evaluation.scores.load(
        (result.framework_id, result.organization_id)
    )
    by_indicator = {row.indicator_id: row for row in scores}
    return [IndicatorScore(i, by_indicator.get(i.id)) for i in indicators]


async def category_scores(context: Context, result: ResultRecord) -> list[CategoryScore]:
    """Subtotals per category, in the framework's order."""
    subtotals: dict[str, list[float]] = {}
    for item in await indicator_scores(context, result):
        found = subtotals.setdefault(item.indicator.category, [0.0, 0.0])
        found[0] += item.points
        if item.indicator.kind is IndicatorKind.POSITIVE:
            found[1] += item.indicator.cap
    return [CategoryScore(c, round(p, 2), round(m, 2)) for c, (p, m) in subtotals.items()]


async def trend(context: Context, result: ResultRecord) -> list[ResultRecord]:
    """The organisation's result in each year, the newest framework version of each."""
    by_year: dict[int, ResultRecord] = {}
    for row in await context.loaders.evaluation.trend.load(result.organization_id):
        by_year[row.year] = row  # ordered by year, then version: the last one wins
    return [by_year[year] for year in sorted(by_year)]
