"""Volunteer queries: one by ID, the list, your own record, subtree hours, rankings."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from resolvers.pagination import page_request
from resolvers.volunteers.reads import (
    resolve_my_volunteer,
    resolve_ranking,
    resolve_subtree_hours,
    resolve_volunteer_by_id,
    resolve_volunteers,
)
from schema.info import Info
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.organizations.types import Organization, answer_organizations
from schema.relay import Connection, build_connection, expect_global_id, page_argument
from schema.selections import selects_listed
from schema.volunteers.types import (
    SINCE,
    TYPE_NAME,
    UNTIL,
    HoursDay,
    Volunteer,
    VolunteerHours,
    VolunteerRank,
)

SUBTREE = strawberry.argument(description="The organisation whose subtree counts 组织.")


@strawberry.type
class VolunteerQueries:
    @strawberry.field(description="One volunteer 志愿者 by ID; null if not in your scope.")
    async def volunteer(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="标识 Its ID.")],
    ) -> Volunteer | None:
        found = await resolve_volunteer_by_id(
            info.context, expect_global_id(id, TYPE_NAME, field="id")
        )
        return Volunteer.from_row(found) if found else None

    @strawberry.field(
        description="Your own volunteer record 我的志愿者档案; null if not registered."
    )
    async def my_volunteer(self, info: Info) -> Volunteer | None:
        found = await resolve_my_volunteer(info.context)
        return Volunteer.from_row(found) if found else None

    @strawberry.field(description="Volunteers whose hours count in your scope 志愿者名册.")
    async def volunteers(
        self,
        info: Info,
        under: Annotated[
            strawberry.ID | None, strawberry.argument(description="组织范围 Only this subtree.")
        ] = None,
        search: Annotated[
            str | None, strawberry.argument(description="Only names containing this 姓名.")
        ] = None,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[Volunteer]:
        request = page_request(first=first, after=after, last=last, before=before)
        under_key = expect_global_id(under, ORGANIZATION, field="under") if under else None
        page, count = await resolve_volunteers(info.context, under_key, under, search, request)
        if selects_listed(info, "organization"):
            await answer_organizations(info.context, [row.organization_id for row in page.rows])
        return build_connection(page, Volunteer.from_row, count)

    @strawberry.field(
        description="A subtree's volunteer hours in a period 志愿时长统计, read from kept daily "
        "totals."
    )
    async def volunteer_hours(
        self,
        info: Info,
        under: Annotated[strawberry.ID, SUBTREE],
        since: Annotated[date | None, SINCE] = None,
        until: Annotated[date | None, UNTIL] = None,
    ) -> VolunteerHours:
        key = expect_global_id(under, ORGANIZATION, field="under")
        node, minutes, entries, days = await resolve_subtree_hours(
            info.context, key, under, since, until
        )
        return VolunteerHours(
            organization=Organization.from_row(node),
            minutes=minutes,
            entries=entries,
            by_day=[HoursDay(day=day, minutes=value) for day, value in days],
        )

    @strawberry.field(description="The volunteers with the most hours in a subtree 志愿者排行.")
    async def volunteer_ranking(
        self,
        info: Info,
        under: Annotated[strawberry.ID, SUBTREE],
        since: Annotated[date | None, SINCE] = None,
        until: Annotated[date | None, UNTIL] = None,
        first: Annotated[int, strawberry.argument(description="条数 How many, 1-100.")] = 10,
    ) -> list[VolunteerRank]:
        key = expect_global_id(under, ORGANIZATION, field="under")
        found = await resolve_ranking(info.context, key, under, since, until, first)
        return [
            VolunteerRank(rank=place, volunteer=Volunteer.from_row(row), minutes=minutes)
            for place, (row, minutes) in enumerate(found, start=1)
        ]
