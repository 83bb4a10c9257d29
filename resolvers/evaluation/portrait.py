"""The capability portrait 党组织能力画像: an organisation's achievement on each indicator
beside the median of its siblings (its parent's scored children) and of everything the
framework scored, with its strengths and weak points. The medians are kept by the batch, so a
portrait is a few key reads."""

from __future__ import annotations

from dataclasses import dataclass

from db.evaluation.models import CITY_WIDE
from db.evaluation.queries import IndicatorRecord, ResultRecord, medians_of
from resolvers.context import Context
from resolvers.evaluation.reads import indicator_scores

SHOWN = 3  # strengths and weak points named


@dataclass(frozen=True, slots=True)
class PortraitLine:
    indicator: IndicatorRecord
    achievement: float  # points over the most the indicator gives (a deduction: below 0)
    parent_median: float
    city_median: float

    @property
    def lead(self) -> float:
        """How far above (or below) the city's median it stands."""
        return round(self.achievement - self.city_median, 4)


@dataclass(frozen=True, slots=True)
class Portrait:
    result: ResultRecord
    lines: list[PortraitLine]

    @property
    def strengths(self) -> list[PortraitLine]:
        ahead = sorted((line for line in self.lines if line.lead > 0), key=lambda x: -x.lead)
        return ahead[:SHOWN]

    @property
    def weak_points(self) -> list[PortraitLine]:
        behind = sorted((line for line in self.lines if line.lead < 0), key=lambda x: x.lead)
        return behind[:SHOWN]


async def portrait_of(context: Context, result: ResultRecord) -> Portrait:
    scores = await indicator_scores(context, result)
    keys = [CITY_WIDE] if result.parent_id is None else [CITY_WIDE, result.parent_id]
    async with context.loaders.reads.read() as connection:
        medians = await medians_of(connection, result.framework_id, keys)
    parent = medians.get(result.parent_id or CITY_WIDE, {})
    city = medians[CITY_WIDE]
    lines = [
        PortraitLine(
            item.indicator,
            item.score.achievement if item.score else 0.0,
            parent.get(item.indicator.id, 0.0),
            city.get(item.indicator.id, 0.0),
        )
        for item in scores
    ]
    return Portrait(result, lines)
