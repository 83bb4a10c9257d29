"""Organisation queries: one by ID, the filtered list, the tree."""

from __future__ import annotations

from typing import Annotated

import strawberry

from db.organizations import models as rows
from resolvers.organizations.reads import (
    OrganizationCriteria,
    resolve_organization_by_id,
    resolve_organizations,
)
from resolvers.pagination import page_request
from schema.info import Info
from schema.organizations.enums import GovernanceLevel, PartyOrgKind, Sector
from schema.organizations.types import TYPE_NAME, Organization, answer_listed_organizations
from schema.relay import Connection, build_connection, expect_global_id, page_argument


@strawberry.input(description="组织筛选 Which organisations to list.")
class OrganizationFilter:
    under: strawberry.ID | None = strawberry.field(
        default=None, description="组织范围 Only this node and its descendants."
    )
    levels: list[GovernanceLevel] | None = strawberry.field(
        default=None, description="治理层级 Only these governance levels."
    )
    kinds: list[PartyOrgKind] | None = strawberry.field(
        default=None, description="党组织类型 Only these kinds of party organisation."
    )
    sectors: list[Sector] | None = strawberry.field(
        default=None, description="领域 Only these sectors."
    )
    name_contains: str | None = strawberry.field(
        default=None, description="名称关键词 Only names containing this text."
    )


def _criteria(where: OrganizationFilter | None) -> OrganizationCriteria:
    if where is None:
        return OrganizationCriteria()
    return OrganizationCriteria(
        under=expect_global_id(where.under, TYPE_NAME, field="under") if where.under else None,
        under_global_id=where.under,
        levels=[rows.GovernanceLevel[level.name] for level in where.levels or ()],
        kinds=[rows.PartyOrgKind[kind.name] for kind in where.kinds or ()],
        sectors=[rows.Sector[sector.name] for sector in where.sectors or ()],
        name_contains=where.name_contains,
    )


@strawberry.type
class OrganizationQueries:
    @strawberry.field(description="组织 One organisation by ID; null if it is not in your scope.")
    async def organization(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="标识 Its ID.")],
    ) -> Organization | None:
        key = expect_global_id(id, TYPE_NAME, field="id")
        found = await resolve_organization_by_id(info.context, key)
        return Organization.from_row(found) if found else None

    @strawberry.field(description="组织列表 Organisations in your scope, in creation order.")
    async def organizations(
        self,
        info: Info,
        filter: Annotated[
            OrganizationFilter | None, strawberry.argument(description="筛选 Narrow the list.")
        ] = None,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[Organization]:
        request = page_request(first=first, after=after, last=last, before=before)
        page, count = await resolve_organizations(info.context, _criteria(filter), request)
        await answer_listed_organizations(info, "parent", (row.parent_id for row in page.rows))
        return build_connection(page, Organization.from_row, count)
