"""Organisation mutations: create, update, move within the tree."""

from __future__ import annotations

from typing import Annotated

import strawberry

from db.organizations import models as rows
from resolvers.organizations.writes import (
    OrganizationChanges,
    OrganizationDraft,
    create_organization,
    move_organization,
    update_organization,
)
from schema.info import Info
from schema.organizations.enums import GovernanceLevel, PartyOrgKind, Sector
from schema.organizations.types import TYPE_NAME, Organization
from schema.relay import INPUT, expect_global_id


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
        draft = OrganizationDraft(
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
        row = await create_organization(info.context, draft)
        return OrganizationPayload(organization=Organization.from_row(row))

    @strawberry.mutation(description="Change an organisation's name, code, kind or location.")
    async def update_organization(
        self,
        info: Info,
        input: Annotated[UpdateOrganizationInput, INPUT],
    ) -> OrganizationPayload:
        edits = OrganizationChanges(
            name=input.name,
            code=input.code,
            kind=rows.PartyOrgKind[input.kind.name] if input.kind else None,
            longitude=input.longitude,
            latitude=input.latitude,
        )
        key = expect_global_id(input.id, TYPE_NAME, field="id")
        row = await update_organization(info.context, key, input.id, edits)
        return OrganizationPayload(organization=Organization.from_row(row))

    @strawberry.mutation(description="Move an organisation and its subtree under a new parent.")
    async def move_organization(
        self,
        info: Info,
        input: Annotated[MoveOrganizationInput, INPUT],
    ) -> OrganizationPayload:
        row = await move_organization(
            info.context,
            expect_global_id(input.id, TYPE_NAME, field="id"),
            input.id,
            expect_global_id(input.new_parent_id, TYPE_NAME, field="newParentId"),
            input.new_parent_id,
        )
        return OrganizationPayload(organization=Organization.from_row(row))
