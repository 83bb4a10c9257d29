"""An organisation's capability portrait 党组织能力画像: its result's indicators beside the
medians of its siblings and of the city."""

from __future__ import annotations

import strawberry

from db.evaluation.queries import ResultRecord
from resolvers.evaluation.portrait import Portrait, PortraitLine, portrait_of
from schema.evaluation.types import EvaluationIndicator, EvaluationResult
from schema.info import Info


@strawberry.type(description="One indicator in a capability portrait 画像维度.")
class CapabilityLine:
    line: strawberry.Private[PortraitLine]

    @strawberry.field(description="The indicator 指标.")
    def indicator(self) -> EvaluationIndicator:
        return EvaluationIndicator.from_row(self.line.indicator)

    @strawberry.field(description="Its achievement 得分率 (points over the most it gives).")
    def achievement(self) -> float:
        return self.line.achievement

    @strawberry.field(description="The median among its siblings 同级中位数.")
    def parent_median(self) -> float:
        return self.line.parent_median

    @strawberry.field(description="The median of all organisations evaluated 全市中位数.")
    def city_median(self) -> float:
        return self.line.city_median

    @strawberry.field(description="How far above (below: negative) the city's median 领先幅度.")
    def lead(self) -> float:
        return self.line.lead


@strawberry.type(description="An organisation's capability portrait 党组织能力画像 for a year.")
class CapabilityPortrait:
    portrait: strawberry.Private[Portrait]

    @strawberry.field(description="The result it portrays 考核结果.")
    def result(self) -> EvaluationResult:
        return EvaluationResult.from_row(self.portrait.result)

    @strawberry.field(description="Every indicator beside the medians 各维度.")
    def lines(self) -> list[CapabilityLine]:
        return [CapabilityLine(line=line) for line in self.portrait.lines]

    @strawberry.field(description="Where it leads the city's median most 优势 (up to 3).")
    def strengths(self) -> list[CapabilityLine]:
        return [CapabilityLine(line=line) for line in self.portrait.strengths]

    @strawberry.field(description="Where it trails the city's median most 短板 (up to 3).")
    def weak_points(self) -> list[CapabilityLine]:
        return [CapabilityLine(line=line) for line in self.portrait.weak_points]


async def capability_portrait(info: Info, result: ResultRecord) -> CapabilityPortrait:
    return CapabilityPortrait(portrait=await portrait_of(info.context, result))
