"""Evaluation queries: the year's framework, a subtree's results in ranking order, one
organisation's result with its explanations, and its capability portrait."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.evaluation.reads import resolve_framework, resolve_result, resolve_scores
from resolvers.pagination import page_request
from schema.evaluation.portrait import CapabilityPortrait, capability_portrait
from schema.evaluation.types import (
    EvaluationFramework,
    EvaluationResult,
    answer_frameworks,
)
from schema.info import Info
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.organizations.types import answer_listed_organizations
from schema.relay import Connection, build_connection, expect_global_id, page_argument

YEAR = strawberry.argument(
    description="The year 考核年度 (default: the latest year with a framework)."
)
ORGANIZATION_ID = strawberry.argument(description="The organisation evaluated 参评组织.")


@strawberry.type
class EvaluationQueries:
    @strawberry.field(
        description="The year's indicator framework 指标体系 in force (its newest version used "
        "for results, else its newest); null if the year has none."
    )
    async def evaluation_framework(
        self, info: Info, year: Annotated[int | None, YEAR] = None
    ) -> EvaluationFramework | None:
        found = await resolve_framework(info.context, year)
        return EvaluationFramework.from_row(found) if found else None

    @strawberry.field(
        description="The year's evaluation results 考核结果 in your subtrees, best first (the "
        "ranking 排行榜 of any subtree)."
    )
    async def evaluation_results(
        self,
        info: Info,
        under: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this subtree 范围.")
        ] = None,
        year: Annotated[int | None, YEAR] = None,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[EvaluationResult]:
        request = page_request(first=first, after=after, last=last, before=before)
        key = expect_global_id(under, ORGANIZATION, field="under") if under else None
        page, count = await resolve_scores(info.context, key, under, year, request)
        await answer_listed_organizations(
            info, "organization", (row.organization_id for row in page.rows)
        )
        await answer_frameworks(info, page.rows)
        return build_connection(page, EvaluationResult.from_row, count)

    @strawberry.field(
        description="An organisation's result 考核结果 for the year, each indicator explained; "
        "null if it was not evaluated."
    )
    async def evaluation_result(
        self,
        info: Info,
        organization_id: Annotated[strawberry.ID, ORGANIZATION_ID],
        year: Annotated[int | None, YEAR] = None,
    ) -> EvaluationResult | None:
        key = expect_global_id(organization_id, ORGANIZATION, field="organizationId")
        found = await resolve_result(info.context, key, organization_id, year)
        return EvaluationResult.from_row(found) if found else None

    @strawberry.field(
        description="An organisation's capability portrait 党组织能力画像: each indicator beside "
        "its siblings' and the city's medians, its strengths and weak points; null if it was "
        "not evaluated."
    )
    async def capability_portrait(
        self,
        info: Info,
        organization_id: Annotated[strawberry.ID, ORGANIZATION_ID],
        year: Annotated[int | None, YEAR] = None,
    ) -> CapabilityPortrait | None:
        key = expect_global_id(organization_id, ORGANIZATION, field="organizationId")
        found = await resolve_result(info.context, key, organization_id, year)
        return await capability_portrait(info, found) if found else None
