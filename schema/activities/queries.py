"""Activity queries: one by ID, lists, the viewer's registrations, figures and the map."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from db.activities import models as rows
from db.activities.queries import ActivityFilter
from db.base import utcnow
from resolvers.activities.map import resolve_activity_map
from resolvers.activities.reads import (
    ActivityCriteria,
    resolve_activities,
    resolve_activity_by_id,
    resolve_activity_figures,
)
from resolvers.pagination import page_request
from schema.activities.enums import ActivityKind, ActivityStatus
from schema.activities.types import TYPE_NAME, Activity, ActivityFigures, answer_named
from schema.info import Info
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.relay import Connection, build_connection, expect_global_id, page_argument, to_global_id
from schema.units.types import TYPE_NAME as UNIT

UNDER = strawberry.argument(description="Only this organisation's subtree 组织范围.")


@strawberry.input(description="Which activities to list 活动筛选.")
class ActivityListFilter:
    under: strawberry.ID | None = strawberry.field(
        default=None, description="Only those held in this organisation's subtree 组织范围."
    )
    kinds: list[ActivityKind] | None = strawberry.field(
        default=None, description="Only these kinds 类型."
    )
    statuses: list[ActivityStatus] | None = strawberry.field(
        default=None, description="Only these statuses 状态."
    )
    starts_after: datetime | None = strawberry.field(
        default=None, description="Only those starting at or after this time 开始时间晚于."
    )
    starts_before: datetime | None = strawberry.field(
        default=None, description="Only those starting before this time 开始时间早于."
    )
    running_now: bool = strawberry.field(
        default=False, description="Only those running now 进行中."
    )
    unit_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only those organised by this co-building unit 共建单位."
    )


def _under(under: strawberry.ID | None) -> int | None:
    return expect_global_id(under, ORGANIZATION, field="under") if under else None


@strawberry.type
class ActivityQueries:
    @strawberry.field(description="One activity 活动 by ID; null if not in your scope.")
    async def activity(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="标识 Its ID.")],
    ) -> Activity | None:
        found = await resolve_activity_by_id(
            info.context, expect_global_id(id, TYPE_NAME, field="id")
        )
        return Activity.from_row(found) if found else None

    @strawberry.field(
        description="Activities open to you 活动列表: held in your scope, held above it for it "
        "(a street's for its communities), or your unit's own; in publication order."
    )
    async def activities(
        self,
        info: Info,
        filter: Annotated[
            ActivityListFilter | None, strawberry.argument(description="Narrow the list 筛选.")
        ] = None,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[Activity]:
        request = page_request(first=first, after=after, last=last, before=before)
        where = filter or ActivityListFilter()
        criteria = ActivityCriteria(
            under=_under(where.under),
            under_global_id=where.under,
            narrow=ActivityFilter(
                kinds=[rows.ActivityKind[k.name] for k in where.kinds or ()],
                statuses=[rows.ActivityStatus[s.name] for s in where.statuses or ()],
                starts_after=where.starts_after,
                starts_before=where.starts_before,
                running_at=utcnow() if where.running_now else None,
                unit_id=expect_global_id(where.unit_id, UNIT, field="unitId")
                if where.unit_id
                else None,
            ),
        )
        page, count = await resolve_activities(info.context, criteria, request)
        await answer_named(info, page.rows)
        return build_connection(page, Activity.from_row, count)

    @strawberry.field(
        description="Activities running now and today in a subtree 活动概况 (for screens)."
    )
    async def activity_figures(
        self, info: Info, under: Annotated[strawberry.ID | None, UNDER] = None
    ) -> ActivityFigures:
        found = await resolve_activity_figures(info.context, _under(under), under)
        return ActivityFigures(
            running_now=found.running_now, today=found.today, signed_up_today=found.signed_up_today
        )

    @strawberry.field(
        description="Activities on the map 一张图: a GeoJSON FeatureCollection (RFC 7946, Point "
        "[longitude, latitude], WGS-84) of the activities running now, or with `today` also "
        "those starting today (China time); properties: id, name, kind, running, startsAt, "
        "endsAt, signedUp, capacity, checkedIn, address. At most 2000."
    )
    async def activity_map(
        self,
        info: Info,
        under: Annotated[strawberry.ID | None, UNDER] = None,
        today: Annotated[
            bool,
            strawberry.argument(description="含今日活动 Also today's, not only those running now."),
        ] = False,
    ) -> JSON:
        found = await resolve_activity_map(
            info.context, _under(under), under, today, lambda key: str(to_global_id(TYPE_NAME, key))
        )
        return JSON(found)
