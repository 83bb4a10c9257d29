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


@strawberry.input(description="新建组织 A new organisation under an existing one.")
class CreateOrganizationInput:
    parent_id: strawberry.ID = strawberry.field(description="上级组织 The parent organisation.")
    name: str = strawberry.field(description="组织全称 Full name (at most 200 characters).")
    code: str = strawberry.field(
        description="组织代码 Unique code: letters, digits, '-', '_', '.'."
    )
    kind: PartyOrgKind = strawberry.field(description="党组织类型 Kind of party organisation.")
    level: GovernanceLevel | None = strawberry.field(
        default=None, description="治理层级 Governance level: the one below the parent's, or null."
    )
    sector: Sector = strawberry.field(default=Sector.GOVERNANCE, description="领域 Sector.")
    longitude: float | None = strawberry.field(default=None, description="经度 WGS-84 longitude.")
    latitude: float | None = strawberry.field(default=None, description="纬度 WGS-84 latitude.")


@strawberry.input(
    description="修改组织信息 Changes to an organisation; omitted fields stay as they are."
)
class UpdateOrganizationInput:
    id: strawberry.ID = strawberry.field(description="组织 The organisation to change.")
    name: str | None = strawberry.field(default=None, description="名称 New name.")
    code: str | None = strawberry.field(default=None, description="组织代码 New unique code.")
    kind: PartyOrgKind | None = strawberry.field(default=None, description="党组织类型 New kind.")
    longitude: float | None = strawberry.field(default=None, description="经度 New longitude.")
    latitude: float | None = strawberry.field(default=None, description="纬度 New latitude.")


@strawberry.input(
    description="迁移组织 Move an organisation, with its whole subtree, to a new parent."
)
class MoveOrganizationInput:
    id: strawberry.ID = strawberry.field(description="组织 The organisation to move.")
    new_parent_id: strawberry.ID = strawberry.field(description="新上级组织 Its new parent.")


@strawberry.type(description="组织操作结果 The result of an organisation mutation.")
class OrganizationPayload:
    organization: Organization = strawberry.field(
        description="当前组织 The organisation as it is now."
    )


@strawberry.type
class OrganizationMutations:
    @strawberry.mutation(
        description="新建组织 Create an organisation (administrators of the parent)."
    )
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

    @strawberry.mutation(
        description="修改组织信息 Change an organisation's name, code, kind or location."
    )
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

    @strawberry.mutation(
        description="迁移组织 Move an organisation and its subtree under a new parent."
    )
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
