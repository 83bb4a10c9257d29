"""Organisation types, queries and mutations."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from db import organizations as rows
from resolvers import organizations as resolvers
from resolvers.pagination import page_request
from schema.enums import GovernanceLevel, PartyOrgKind, Sector
from schema.info import Info
from schema.relay import INPUT, Connection, Node, build_connection, expect_global_id, to_global_id
from schema.statistics import MemberPortrait, OrganizationStatistics

TYPE_NAME = "Organization"


PAGE_ARGUMENTS = {
    "first": "Return the first n items after `after` (default 20, at most 100).",
    "after": "Start after this cursor.",
    "last": "Return the last n items before `before` (at most 100).",
    "before": "End before this cursor.",
}


def page_argument(name: str) -> object:
    return strawberry.argument(description=PAGE_ARGUMENTS[name])


@strawberry.type(
    description="A node of the organisation tree: a governance unit and its party "
    "organisation (党组织), or a 两新 organisation's branch."
)
class Organization(Node):
    row: strawberry.Private[rows.OrganizationRow]
    name: str = strawberry.field(description="Full name, e.g. 中共江州市东城区委员会.")
    code: str = strawberry.field(description="Unique organisation code 组织编码.")
    level: GovernanceLevel | None = strawberry.field(
        description="Governance level; null for 两新 organisations and party groups."
    )
    kind: PartyOrgKind = strawberry.field(description="Kind of party organisation.")
    sector: Sector = strawberry.field(description="Regional governance or 两新 sector.")
    depth: int = strawberry.field(description="Distance from the root of the tree (root is 0).")
    longitude: float | None = strawberry.field(description="WGS-84 longitude 经度.")
    latitude: float | None = strawberry.field(description="WGS-84 latitude 纬度.")
    created_at: datetime = strawberry.field(description="When the node was created.")
    updated_at: datetime = strawberry.field(description="When the node last changed.")

    @classmethod
    def from_row(cls, row: rows.OrganizationRow) -> Organization:
        return cls(
            row=row,
            id=to_global_id(TYPE_NAME, row.id),
            name=row.name,
            code=row.code,
            level=GovernanceLevel(row.level.value) if row.level else None,
            kind=PartyOrgKind(row.kind.value),
            sector=Sector(row.sector.value),
            depth=row.depth,
            longitude=row.longitude,
            latitude=row.latitude,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    @strawberry.field(description="The parent node; null at the root or outside your scope.")
    async def parent(self, info: Info) -> Organization | None:
        found = await resolvers.resolve_parent(info.context, self.row)
        return Organization.from_row(found) if found else None

    @strawberry.field(description="Ancestors within your scope, root first.")
    async def ancestors(self, info: Info) -> list[Organization]:
        found = await resolvers.resolve_ancestors(info.context, self.row)
        return [Organization.from_row(row) for row in found]

    @strawberry.field(description="Direct children, in creation order.")
    async def children(
        self,
        info: Info,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[Organization]:
        request = page_request(first=first, after=after, last=last, before=before)
        page, count = await resolvers.resolve_children(info.context, self.row, request)
        return build_connection(page, Organization.from_row, count)

    @strawberry.field(description="Counts over this node's whole subtree.")
    def statistics(self) -> OrganizationStatistics:
        return OrganizationStatistics(row=self.row)

    @strawberry.field(description="Member portrait 党员画像 of this node's whole subtree.")
    def portrait(self) -> MemberPortrait:
        return MemberPortrait(row=self.row)


@strawberry.input(description="Which organisations to list.")
class OrganizationFilter:
    under: strawberry.ID | None = strawberry.field(
        default=None, description="Only this node and its descendants."
    )
    levels: list[GovernanceLevel] | None = strawberry.field(
        default=None, description="Only these governance levels."
    )
    kinds: list[PartyOrgKind] | None = strawberry.field(
        default=None, description="Only these kinds of party organisation."
    )
    sectors: list[Sector] | None = strawberry.field(default=None, description="Only these sectors.")
    name_contains: str | None = strawberry.field(
        default=None, description="Only names containing this text."
    )


def _criteria(where: OrganizationFilter | None) -> resolvers.OrganizationFilter:
    if where is None:
        return resolvers.OrganizationFilter()
    return resolvers.OrganizationFilter(
        under=expect_global_id(where.under, TYPE_NAME, field="under") if where.under else None,
        under_global_id=where.under,
        levels=[rows.GovernanceLevel[level.name] for level in where.levels or ()],
        kinds=[rows.PartyOrgKind[kind.name] for kind in where.kinds or ()],
        sectors=[rows.Sector[sector.name] for sector in where.sectors or ()],
        name_contains=where.name_contains,
    )


@strawberry.type
class OrganizationQueries:
    @strawberry.field(description="One organisation by ID; null if it is not in your scope.")
    async def organization(
        self, info: Info, id: Annotated[strawberry.ID, strawberry.argument(description="Its ID.")]
    ) -> Organization | None:
        key = expect_global_id(id, TYPE_NAME, field="id")
        found = await resolvers.resolve_organization_by_id(info.context, key)
        return Organization.from_row(found) if found else None

    @strawberry.field(description="Organisations in your scope, in creation order.")
    async def organizations(
        self,
        info: Info,
        filter: Annotated[
            OrganizationFilter | None, strawberry.argument(description="Narrow the list.")
        ] = None,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[Organization]:
        request = page_request(first=first, after=after, last=last, before=before)
        page, count = await resolvers.resolve_organizations(
            info.context, _criteria(filter), request
        )
        return build_connection(page, Organization.from_row, count)


@strawberry.input(description="A new organisation under an existing one.")
class CreateOrganizationInput:
    parent_id: strawberry.ID = strawberry.field(description="The parent organisation.")
    name: str = strawberry.field(description="Full name (at most 200 characters).")
    code: str = strawberry.field(description="Unique code: letters, digits, '-', '_', '.'.")
    kind: PartyOrgKind = strawberry.field(description="Kind of party organisation.")
    level: GovernanceLevel | None = strawberry.field(
        default=None, description="Governance level: the one below the parent's, or null."
    )
    sector: Sector = strawberry.field(default=Sector.GOVERNANCE, description="Sector.")
    longitude: float | None = strawberry.field(default=None, description="WGS-84 longitude.")
    latitude: float | None = strawberry.field(default=None, description="WGS-84 latitude.")


@strawberry.input(description="Changes to an organisation; omitted fields stay as they are.")
class UpdateOrganizationInput:
    id: strawberry.ID = strawberry.field(description="The organisation to change.")
    name: str | None = strawberry.field(default=None, description="New name.")
    code: str | None = strawberry.field(default=None, description="New unique code.")
    kind: PartyOrgKind | None = strawberry.field(default=None, description="New kind.")
    longitude: float | None = strawberry.field(default=None, description="New longitude.")
    latitude: float | None = strawberry.field(default=None, description="New latitude.")


@strawberry.input(description="Move an organisation, with its whole subtree, to a new parent.")
class MoveOrganizationInput:
    id: strawberry.ID = strawberry.field(description="The organisation to move.")
    new_parent_id: strawberry.ID = strawberry.field(description="Its new parent.")


@strawberry.type(description="The result of an organisation mutation.")
class OrganizationPayload:
    organization: Organization = strawberry.field(description="The organisation as it is now.")


@strawberry.type
class OrganizationMutations:
    @strawberry.mutation(description="Create an organisation (administrators of the parent).")
    async def create_organization(
        self,
        info: Info,
        input: Annotated[CreateOrganizationInput, INPUT],
    ) -> OrganizationPayload:
        draft = resolvers.OrganizationDraft(
            parent_id=expect_global_id(input.parent_id, TYPE_NAME, field="parentId"),
            parent_global_id=input.parent_id,
            name=input.name,
            code=input.code,
            kind=rows.PartyOrgKind[input.kind.name],
            level=rows.GovernanceLevel[input.level.name] if input.level else None,
            sector=rows.Sector[input.sector.name],
            longitude=input.longitude,
            latitude=input.latitude,
        )
        row = await resolvers.create_organization(info.context, draft)
        return OrganizationPayload(organization=Organization.from_row(row))

    @strawberry.mutation(description="Change an organisation's name, code, kind or location.")
    async def update_organization(
        self,
        info: Info,
        input: Annotated[UpdateOrganizationInput, INPUT],
    ) -> OrganizationPayload:
        edits = resolvers.OrganizationChanges(
            name=input.name,
            code=input.code,
            kind=rows.PartyOrgKind[input.kind.name] if input.kind else None,
            longitude=input.longitude,
            latitude=input.latitude,
        )
        key = expect_global_id(input.id, TYPE_NAME, field="id")
        row = await resolvers.update_organization(info.context, key, input.id, edits)
        return OrganizationPayload(organization=Organization.from_row(row))

    @strawberry.mutation(description="Move an organisation and its subtree under a new parent.")
    async def move_organization(
        self,
        info: Info,
        input: Annotated[MoveOrganizationInput, INPUT],
    ) -> OrganizationPayload:
        row = await resolvers.move_organization(
            info.context,
            expect_global_id(input.id, TYPE_NAME, field="id"),
            input.id,
            expect_global_id(input.new_parent_id, TYPE_NAME, field="newParentId"),
            input.new_parent_id,
        )
        return OrganizationPayload(organization=Organization.from_row(row))
