"""The organisation type: a node of the governance tree with its party organisation."""

from __future__ import annotations

from collections.abc import Awaitable, Iterable
from datetime import datetime
from typing import Annotated

import strawberry

from db.organizations import models as rows
from db.organizations.queries import OrganizationRecord
from db.records import record_of
from resolvers.context import Context
from resolvers.organizations.reads import (
    resolve_ancestors,
    resolve_children,
    resolve_organization_by_id,
    resolve_organizations_by_ids,
    whole_list_count,
)
from resolvers.pagination import page_request
from schema.answers import answer_all, shared_answer
from schema.enum_members import by_value
from schema.info import Info
from schema.organizations.enums import GovernanceLevel, PartyOrgKind, Sector
from schema.organizations.statistics import MemberPortrait, OrganizationStatistics
from schema.plain_fields import direct
from schema.relay import Connection, Node, build_connection, page_argument, to_global_id
from schema.selections import selects_listed

TYPE_NAME = "Organization"
_LEVEL = by_value(rows.GovernanceLevel, GovernanceLevel)
_KIND = by_value(rows.PartyOrgKind, PartyOrgKind)
_SECTOR = by_value(rows.Sector, Sector)


@strawberry.type(
    description="A node of the organisation tree: a governance unit and its party "
    "organisation (党组织), or a 两新 organisation's branch."
)
class Organization(Node):
    row: strawberry.Private[OrganizationRecord]
    name: str = strawberry.field(description="Full name, e.g. 中共江州市东城区委员会.")
    code: str = strawberry.field(description="Unique organisation code 组织编码.")
    level: GovernanceLevel | None = strawberry.field(
        description="Governance level; null for 两新 organisations and party groups."
    )
    kind: PartyOrgKind = strawberry.field(description="党组织类型 Kind of party organisation.")
    sector: Sector = strawberry.field(description="Regional governance or 两新 sector.")
    depth: int = strawberry.field(
        description="层深 Distance from the root of the tree (root is 0)."
    )
    longitude: float | None = strawberry.field(description="WGS-84 longitude 经度.")
    latitude: float | None = strawberry.field(description="WGS-84 latitude 纬度.")
    created_at: datetime = strawberry.field(description="创建时间 When the node was created.")
    updated_at: datetime = strawberry.field(description="更新时间 When the node last changed.")

    @classmethod
    def from_row(cls, row: OrganizationRecord | rows.OrganizationRow) -> Organization:
        if isinstance(row, rows.OrganizationRow):  # as a write path has just written it
            row = record_of(OrganizationRecord, row)
        return cls(
            row=row,
            id=to_global_id(TYPE_NAME, row.id),
            name=row.name,
            code=row.code,
            level=_LEVEL[row.level] if row.level else None,
            kind=_KIND[row.kind],
            sector=_SECTOR[row.sector],
            depth=row.depth,
            longitude=row.longitude,
            latitude=row.latitude,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @strawberry.field(
        description="上级组织 The parent node; null at the root or outside your scope.",
        graphql_type="Organization | None",
    )
    @direct  # once per listed organisation
    def parent(self, info: Info) -> Awaitable[Organization | None] | Organization | None:
        parent_id = self.row.parent_id
        return None if parent_id is None else organization_answer(info.context, parent_id)

    @strawberry.field(description="上级组织链 Ancestors within your scope, root first.")
    async def ancestors(self, info: Info) -> list[Organization]:
        found = await resolve_ancestors(info.context, self.row)
        return [Organization.from_row(row) for row in found]

    @strawberry.field(description="下级组织 Direct children, in creation order.")
    async def children(
        self,
        info: Info,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[Organization]:
        request = page_request(first=first, after=after, last=last, before=before)
        page, count = await resolve_children(info.context, self.row, request)
        known = whole_list_count(page, request)  # counted by the page when it holds them all
        return build_connection(page, Organization.from_row, known or count)

    @strawberry.field(description="组织统计 Counts over this node's whole subtree.")
    @direct  # once per listed organisation
    def statistics(self) -> OrganizationStatistics:
        return OrganizationStatistics(row=self.row)

    @strawberry.field(description="Member portrait 党员画像 of this node's whole subtree.")
    def portrait(self) -> MemberPortrait:
        return MemberPortrait(row=self.row)


async def _answer(context: Context, org_id: int) -> Organization | None:
    found = await resolve_organization_by_id(context, org_id)
    return Organization.from_row(found) if found else None


async def _answer_many(context: Context, org_ids: list[int]) -> list[Organization | None]:
    found = await resolve_organizations_by_ids(context, org_ids)
    return [Organization.from_row(row) if row else None for row in found]


def _answers(context: Context) -> dict[int, object] | None:
    loaders = context.loaders.organizations
    return loaders.answers if loaders.cache else None


def organization_answer(
    context: Context, org_id: int
) -> Awaitable[Organization | None] | Organization | None:
    """The organisation a row names (a member's branch), as a field answers it: None unless
    it exists and the viewer may read it; read, checked and built once per request
    (schema/answers.py). One answered with its page is returned at once."""
    known = context.loaders.organizations.answers.get(org_id)
    if type(known) is Organization:
        return known
    return shared_answer(_answers(context), org_id, lambda key: _answer(context, key))


async def answer_organizations(context: Context, org_ids: Iterable[int]) -> None:
    """Answer the organisations a page's rows name before graphql-core completes the rows,
    in one batch (schema/answers.py `answer_all`)."""
    await answer_all(_answers(context), org_ids, lambda keys: _answer_many(context, keys))


async def answer_listed_organizations(
    info: Info, field: str, org_ids: Iterable[int | None]
) -> None:
    """A connection's page answers the organisations its rows' `field` names, when the query
    asks for that field (under `nodes` or `edges { node }`), before its rows are completed
    (`answer_organizations`). Pass the ids as a generator: it is read only then."""
    if selects_listed(info, field):
        await answer_organizations(info.context, [key for key in org_ids if key is not None])
