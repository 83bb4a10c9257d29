"""Petition statistics, hot topics 热点, and the coalesced live statistics for big screens."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import date
from typing import Annotated

import strawberry

from db.petitions import models as rows
from db.petitions.statistics import Window
from resolvers.petitions import statistics as resolvers
from schema.info import Info
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.petitions.enums import CategoryKind, PetitionStatus
from schema.petitions.types import PetitionCategory
from schema.relay import expect_global_id

HOUR = 3600.0
UNDER = strawberry.argument(description="统计组织 The organisation whose subtree is counted.")
DAYS = strawberry.argument(
    description="统计天数 Length of the window in days, ending `until` (1-366)."
)
UNTIL = strawberry.argument(
    description="截止日期 Last day of the window (China time); today if omitted."
)


@strawberry.type(description="各状态诉求数 Petitions at one status.")
class PetitionStatusCount:
    status: PetitionStatus = strawberry.field(description="状态 The status.")
    count: int = strawberry.field(description="诉求数 Petitions at it.")


@strawberry.type(description="各分类诉求数 Petitions of one category.")
class PetitionCategoryCount:
    category: PetitionCategory | None = strawberry.field(description="诉求分类 The category.")
    count: int = strawberry.field(description="诉求数 Petitions of it.")


@strawberry.type(description="Petitions of one major kind 诉求大类.")
class PetitionKindCount:
    kind: CategoryKind = strawberry.field(description="诉求大类 The major kind.")
    count: int = strawberry.field(description="诉求数 Petitions of its categories.")


@strawberry.type(description="每日诉求数 Petitions raised on one day.")
class PetitionDayCount:
    day: date = strawberry.field(description="日期 The day (China time).")
    count: int = strawberry.field(description="诉求数 Petitions raised that day.")


@strawberry.type(description="A frequent word of petition text 热词.")
class HotTopic:
    word: str = strawberry.field(description="The word, e.g. 停车.")
    count: int = strawberry.field(description="词频 How often it occurs in the window's petitions.")


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@strawberry.type(
    description="诉求统计 Figures over the petitions raised in a subtree during a window of days."
)
class PetitionStatistics:
    window: strawberry.Private[Window]
    since: date = strawberry.field(description="起始日期 First day of the window (China time).")
    until: date = strawberry.field(description="截止日期 Last day of the window (China time).")

    @classmethod
    def of(cls, window: Window) -> PetitionStatistics:
        return cls(window=window, since=window.since, until=window.until)

    @strawberry.field(description="诉求总数 Petitions raised in the window.")
    async def total(self, info: Info) -> int:
        return (await resolvers.summary(info.context, self.window)).total

    @strawberry.field(description="按状态 By current status, every status listed.")
    async def by_status(self, info: Info) -> list[PetitionStatusCount]:
        counts = await resolvers.by_status(info.context, self.window)
        return [
            PetitionStatusCount(status=s, count=counts.get(rows.PetitionStatus[s.name], 0))
            for s in PetitionStatus
        ]

    @strawberry.field(description="按分类 By category, most frequent first.")
    async def by_category(self, info: Info) -> list[PetitionCategoryCount]:
        counts = await resolvers.by_category(info.context, self.window)
        loader = info.context.loaders.petitions.category
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        found = await loader.load_many([key for key, _ in ordered])
        return [
            PetitionCategoryCount(category=PetitionCategory.from_row(row) if row else None, count=n)
            for row, (_, n) in zip(found, ordered, strict=True)
        ]

    @strawberry.field(description="By major kind 三大类 (and party-building), every kind listed.")
    async def by_kind(self, info: Info) -> list[PetitionKindCount]:
        counts = await resolvers.by_kind(info.context, self.window)
        return [
            PetitionKindCount(kind=kind, count=counts.get(rows.CategoryKind[kind.name], 0))
            for kind in CategoryKind
        ]

    @strawberry.field(
        description="Share of resolved petitions resolved by their deadline 按期办结率."
    )
    async def on_time_rate(self, info: Info) -> float | None:
        figures = await resolvers.summary(info.context, self.window)
        return _rate(figures.resolved_on_time, figures.resolved)

    @strawberry.field(description="Mean hours from raising to resolution 平均办理时长.")
    async def mean_handling_hours(self, info: Info) -> float | None:
        seconds = (await resolvers.summary(info.context, self.window)).mean_handling_seconds
        return round(seconds / HOUR, 2) if seconds is not None else None

    @strawberry.field(
        description="办理时长90分位数 90th percentile of hours from raising to resolution, "
        "read from kept hourly histograms: rounded down to the whole hour, so less than one "
        "hour below the exact nearest-rank figure, never above it."
    )
    async def p90_handling_hours(self, info: Info) -> float | None:
        seconds = await resolvers.p90_handling_seconds(info.context, self.window)
        return round(seconds / HOUR, 2) if seconds is not None else None

    @strawberry.field(description="Share of ratings of 4 or 5 满意率.")
    async def satisfaction_rate(self, info: Info) -> float | None:
        figures = await resolvers.summary(info.context, self.window)
        return _rate(figures.satisfied, figures.rated)

    @strawberry.field(description="平均满意度 Mean rating, 1 to 5.")
    async def mean_satisfaction(self, info: Info) -> float | None:
        mean = (await resolvers.summary(info.context, self.window)).mean_satisfaction
        return round(mean, 2) if mean is not None else None

    @strawberry.field(
        description="Open petitions of the subtree now, whenever raised 在办 (the window aside)."
    )
    async def open_now(self, info: Info) -> int:
        return await resolvers.open_now(info.context, self.window)

    @strawberry.field(description="Open petitions of the subtree past their deadline now 超期.")
    async def overdue_now(self, info: Info) -> int:
        return await resolvers.overdue_now(info.context, self.window)

    @strawberry.field(
        description="每日趋势 Petitions raised per day of the window, every day listed."
    )
    async def trend(self, info: Info) -> list[PetitionDayCount]:
        days = await resolvers.by_day(info.context, self.window)
        return [PetitionDayCount(day=day, count=n) for day, n in days]

    @strawberry.field(description="The most frequent words of the window's petitions 热词.")
    async def hot_topics(
        self,
        info: Info,
        first: Annotated[
            int, strawberry.argument(description="热词数 How many words (1-100).")
        ] = 20,
    ) -> list[HotTopic]:
        found = await resolvers.hot_topics(info.context, self.window, first)
        return [HotTopic(word=word, count=n) for word, n in found]


def _request(under: str, days: int, until: date | None) -> resolvers.WindowRequest:
    key = expect_global_id(under, ORGANIZATION, field="under")
    return resolvers.WindowRequest(under=key, under_global_id=under, days=days, until=until)


@strawberry.type
class PetitionStatisticsQueries:
    @strawberry.field(
        description="诉求统计 Petition figures for a subtree and window (no personal data)."
    )
    async def petition_statistics(
        self,
        info: Info,
        under: Annotated[strawberry.ID, UNDER],
        days: Annotated[int, DAYS] = 30,
        until: Annotated[date | None, UNTIL] = None,
    ) -> PetitionStatistics:
        window = await resolvers.resolve_window(info.context, _request(under, days, until))
        return PetitionStatistics.of(window)

    @strawberry.field(description="Hot topics 热点: the top words of petition text in a subtree.")
    async def petition_hot_topics(
        self,
        info: Info,
        under: Annotated[strawberry.ID, UNDER],
        days: Annotated[int, DAYS] = 7,
        until: Annotated[date | None, UNTIL] = None,
        first: Annotated[
            int, strawberry.argument(description="热词数 How many words (1-100).")
        ] = 20,
    ) -> list[HotTopic]:
        window = await resolvers.resolve_window(info.context, _request(under, days, until))
        found = await resolvers.hot_topics(info.context, window, first)
        return [HotTopic(word=word, count=n) for word, n in found]


@strawberry.type
class PetitionStatisticsSubscriptions:
    @strawberry.subscription(
        description="诉求统计 Petition figures for a subtree, now and again whenever petitions "
        "there change, at most once per ZHDJ_PETITION_STATISTICS_SECONDS (for big screens)."
    )
    async def petition_statistics(
        self,
        info: Info,
        under: Annotated[strawberry.ID, UNDER],
        days: Annotated[int, DAYS] = 30,
    ) -> AsyncGenerator[PetitionStatistics, None]:
        windows = await resolvers.watch_statistics(info.context, _request(under, days, None))
        async for window in windows:
            yield PetitionStatistics.of(window)
