"""Evaluation types: frameworks and indicators, results with each indicator's score and its
explanation, category subtotals, trend and rating timeline, and capability portraits."""

from __future__ import annotations

from collections.abc import Awaitable, Sequence
from datetime import datetime

import strawberry

from db.evaluation.queries import (
    FrameworkRecord,
    IndicatorRecord,
    RatingStepRecord,
    ResultRecord,
)
from resolvers.context import Context
from resolvers.evaluation.reads import (
    CategoryScore,
    IndicatorScore,
    category_scores,
    indicator_scores,
    trend,
)
from schema.answers import answer_all, shared_answer
from schema.evaluation.enums import (
    EvaluationDirection,
    EvaluationIndicatorKind,
    EvaluationRatingAction,
)
from schema.info import Info
from schema.organizations.types import Organization, organization_answer
from schema.plain_fields import direct
from schema.relay import Node, to_global_id
from schema.selections import selects_listed

FRAMEWORK = "EvaluationFramework"
RESULT = "EvaluationResult"


@strawberry.type(description="An indicator 考核指标 of a framework.")
class EvaluationIndicator:
    code: str = strawberry.field(description="Its code 指标代码, unique in the framework.")
    name: str = strawberry.field(description="Its name 指标名称.")
    category: str = strawberry.field(description="Its category 指标类别 (e.g. 组织建设).")
    kind: EvaluationIndicatorKind = strawberry.field(description="Positive or negative 类型.")
    direction: EvaluationDirection = strawberry.field(description="Which way is better 方向.")
    weight: float = strawberry.field(
        description="Weight 权重: the points at the target (positive), or deducted per "
        "occurrence (negative)."
    )
    target: float = strawberry.field(description="Target 目标值 of the raw value (positive).")
    cap: float = strawberry.field(description="The most it earns or deducts 封顶分值.")
    period: str = strawberry.field(description="The period it is judged over 考核周期 (year).")
    formula: str | None = strawberry.field(
        description="The named formula 计算公式 over zhdj's kept figures; null: entered by hand "
        "by the upper organisation 人工评分."
    )

    @classmethod
    def from_row(cls, row: IndicatorRecord) -> EvaluationIndicator:
        return cls(
            code=row.code,
            name=row.name,
            category=row.category,
            kind=EvaluationIndicatorKind(row.kind.value),
            direction=EvaluationDirection(row.direction.value),
            weight=row.weight,
            target=row.target,
            cap=row.cap,
            period=row.period,
            formula=row.formula,
        )


@strawberry.type(description="An indicator framework 指标体系 for a year, versioned.")
class EvaluationFramework(Node):
    row: strawberry.Private[FrameworkRecord]
    year: int = strawberry.field(description="The year it evaluates 考核年度.")
    version: int = strawberry.field(description="Its version in the year 版本.")
    name: str = strawberry.field(description="Its name 名称.")
    star_thresholds: list[float] = strawberry.field(
        description="The totals for 2, 3, 4 and 5 stars 星级分数线 (below the first: 1 star)."
    )
    frozen: bool = strawberry.field(
        description="Used for results 已使用: frozen, so they keep the rules that made them; "
        "change a copy instead."
    )
    created_at: datetime = strawberry.field(description="When it was created 创建时间.")

    @classmethod
    def from_row(cls, row: FrameworkRecord) -> EvaluationFramework:
        return cls(
            row=row,
            id=to_global_id(FRAMEWORK, row.id),
            year=row.year,
            version=row.version,
            name=row.name,
            star_thresholds=list(row.star_thresholds),
            frozen=row.frozen,
            created_at=row.created_at,
        )

    @strawberry.field(description="The governance level it scores 考核层级 (e.g. community).")
    def level(self) -> str:
        return self.row.level

    @strawberry.field(description="The framework it was copied from 复制来源; null if none.")
    def copied_from_id(self) -> strawberry.ID | None:
        key = self.row.copied_from_id
        return to_global_id(FRAMEWORK, key) if key is not None else None

    @strawberry.field(description="Its indicators 指标, in order.")
    async def indicators(self, info: Info) -> list[EvaluationIndicator]:
        rows = await info.context.loaders.evaluation.indicators.load(self.row.id)
        return [EvaluationIndicator.from_row(row) for row in rows]


@strawberry.type(description="A figure an indicator was computed from 计算依据.")
class EvaluationFigure:
    name: str = strawberry.field(description="What it counts 名称.")
    value: float = strawberry.field(description="Its value 数值.")


@strawberry.type(description="One indicator's score 指标得分, with why.")
class EvaluationIndicatorScore:
    item: strawberry.Private[IndicatorScore]

    @strawberry.field(description="The indicator 指标.")
    def indicator(self) -> EvaluationIndicator:
        return EvaluationIndicator.from_row(self.item.indicator)

    @strawberry.field(description="Its raw value 原始值; null when there was nothing to judge.")
    def raw(self) -> float | None:
        return self.item.score.raw if self.item.score else None

    @strawberry.field(description="Points 得分 (negative: deducted).")
    def points(self) -> float:
        return self.item.points

    @strawberry.field(
        description="Points over the most it gives 得分率 (0 to 1; a deduction: -1 to 0)."
    )
    def achievement(self) -> float:
        return self.item.score.achievement if self.item.score else 0.0

    @strawberry.field(description="The figures it was computed from 计算依据.")
    def figures(self) -> list[EvaluationFigure]:
        found = self.item.score.figures if self.item.score else {}
        return [EvaluationFigure(name=k, value=float(v)) for k, v in found.items()]

    @strawberry.field(
        description="Why it scored this 得分说明: the figures, the rule and the arithmetic."
    )
    def explanation(self) -> str:
        return self.item.explanation


@strawberry.type(description="A category's subtotal 分类小计.")
class EvaluationCategoryScore:
    category: str = strawberry.field(description="The category 类别.")
    points: float = strawberry.field(description="Its points 得分.")
    most: float = strawberry.field(description="The most it can earn 满分 (0: deductions only).")

    @classmethod
    def of(cls, row: CategoryScore) -> EvaluationCategoryScore:
        return cls(category=row.category, points=row.points, most=row.most)


@strawberry.type(description="The organisation's result in one year 历年得分.")
class EvaluationTrendPoint:
    year: int = strawberry.field(description="The year 年度.")
    total: float = strawberry.field(description="Its total 总分.")
    rank: int = strawberry.field(description="Its rank among siblings 排名.")
    stars: int = strawberry.field(description="Its stars 星级.")


@strawberry.type(description="A step of a star rating's timeline 评定记录.")
class EvaluationRatingStep:
    action: EvaluationRatingAction = strawberry.field(description="What happened 操作.")
    stars: int = strawberry.field(description="The stars after it 星级.")
    reason: str | None = strawberry.field(description="Why 理由 (an override).")
    at: datetime = strawberry.field(description="When 时间.")

    @classmethod
    def of(cls, row: RatingStepRecord) -> EvaluationRatingStep:
        return cls(
            action=EvaluationRatingAction(row.action.value),
            stars=row.stars,
            reason=row.reason,
            at=row.at,
        )


def _framework_answers(context: Context) -> dict[int, object] | None:
    loaders = context.loaders.evaluation
    return loaders.framework_answers if loaders.cache else None


async def _framework(context: Context, framework_id: int) -> EvaluationFramework | None:
    found = await context.loaders.evaluation.framework.load(framework_id)
    return EvaluationFramework.from_row(found) if found else None


async def _frameworks(context: Context, ids: list[int]) -> list[EvaluationFramework | None]:
    found = await context.loaders.evaluation.framework.load_many(ids)
    return [EvaluationFramework.from_row(row) if row else None for row in found]


async def answer_frameworks(info: Info, results: Sequence[ResultRecord]) -> None:
    """A page of results answers the framework they were computed with (one for the page)
    before its rows are completed, when the query asks for it (schema/answers.py)."""
    if selects_listed(info, "framework"):
        context = info.context
        keys = (row.framework_id for row in results)
        await answer_all(_framework_answers(context), keys, lambda ids: _frameworks(context, ids))


@strawberry.type(description="An organisation's evaluation result 考核结果 for a year.")
class EvaluationResult(Node):
    row: strawberry.Private[ResultRecord]
    year: int = strawberry.field(description="The year 考核年度.")
    total: float = strawberry.field(description="Its total 总分: the indicators' points summed.")
    rank: int = strawberry.field(
        description="Its rank among its siblings 同级排名 (equal totals share a rank: 1, 2, 2, 4)."
    )
    siblings: int = strawberry.field(description="Organisations ranked with it 参评数, itself too.")
    standing: int = strawberry.field(
        description="Its place in the whole framework 总排位 (total, then age of the record)."
    )
    stars: int = strawberry.field(description="Its star rating 星级 (1-5), overrides included.")
    computed_stars: int = strawberry.field(description="The stars its total earns 测评星级.")
    override_reason: str | None = strawberry.field(
        description="Why the stars differ from the computed ones 调整理由; null if they do not."
    )
    published_at: datetime | None = strawberry.field(
        description="When the upper organisation published it 公布时间; null before."
    )
    version: int = strawberry.field(description="Its version 版本: give it back to override.")

    @classmethod
    def from_row(cls, row: ResultRecord) -> EvaluationResult:
        return cls(
            row=row,
            id=to_global_id(RESULT, row.id),
            year=row.year,
            total=row.total,
            rank=row.rank,
            siblings=row.siblings,
            standing=row.standing,
            stars=row.stars,
            computed_stars=row.computed_stars,
            override_reason=row.override_reason,
            published_at=row.published_at,
            version=row.version,
        )

    @strawberry.field(
        description="The organisation evaluated 参评组织; null if not visible.",
        graphql_type=Organization | None,
    )
    @direct  # once per listed result
    def organization(self, info: Info) -> Awaitable[Organization | None] | Organization | None:
        return organization_answer(info.context, self.row.organization_id)

    @strawberry.field(
        description="The framework it was computed with 所用指标体系.",
        graphql_type=EvaluationFramework | None,
    )
    @direct  # once per listed result
    def framework(
        self, info: Info
    ) -> Awaitable[EvaluationFramework | None] | EvaluationFramework | None:
        context = info.context
        answers = _framework_answers(context)
        return shared_answer(answers, self.row.framework_id, lambda key: _framework(context, key))

    @strawberry.field(description="Each indicator's score 指标得分, in the framework's order.")
    async def indicators(self, info: Info) -> list[EvaluationIndicatorScore]:
        return [
            EvaluationIndicatorScore(item=i) for i in await indicator_scores(info.context, self.row)
        ]

    @strawberry.field(description="Subtotals per category 分类小计.")
    async def categories(self, info: Info) -> list[EvaluationCategoryScore]:
        return [
            EvaluationCategoryScore.of(c) for c in await category_scores(info.context, self.row)
        ]

    @strawberry.field(description="Its result in every year evaluated 历年趋势, oldest first.")
    async def trend(self, info: Info) -> list[EvaluationTrendPoint]:
        return [
            EvaluationTrendPoint(year=r.year, total=r.total, rank=r.rank, stars=r.stars)
            for r in await trend(info.context, self.row)
        ]

    @strawberry.field(
        description="Its rating's timeline 评定记录: computed, overridden, published."
    )
    async def rating_steps(self, info: Info) -> list[EvaluationRatingStep]:
        rows = await info.context.loaders.evaluation.steps.load(self.row.id)
        return [EvaluationRatingStep.of(row) for row in rows]
