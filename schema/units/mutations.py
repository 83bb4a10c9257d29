"""Co-building unit mutations: registering units, signing agreements, binding accounts."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from db.records import record_of
from db.units import models as rows
from db.units.queries import AgreementRecord
from resolvers.units.writes import (
    UnitDraft,
    bind_account_to_unit,
    register_unit,
    sign_agreement,
)
from schema.info import Info
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.relay import INPUT, expect_global_id
from schema.units.types import TYPE_NAME, CoBuildingAgreement, CoBuildingUnit, UnitSector

WGS84 = "WGS-84 degrees (GPS), not GCJ-02"


@strawberry.input(description="A new co-building unit 登记共建单位.")
class RegisterUnitInput:
    name: str = strawberry.field(description="Name 单位名称 (unique, at most 200 characters).")
    sector: UnitSector = strawberry.field(description="Kind of unit 单位类型.")
    contact_name: str = strawberry.field(description="Contact person 联系人.")
    contact_phone: str = strawberry.field(description="Contact phone 联系电话.")
    home_organization_id: strawberry.ID = strawberry.field(
        description="The organisation it registers with 登记组织 (you must manage units there)."
    )
    address: str | None = strawberry.field(default=None, description="Address 地址.")
    longitude: float | None = strawberry.field(
        default=None, description=f"经度 Longitude, {WGS84}."
    )
    latitude: float | None = strawberry.field(default=None, description=f"纬度 Latitude, {WGS84}.")
    party_organization_id: strawberry.ID | None = strawberry.field(
        default=None, description="Its own party organisation in the tree 单位党组织, if any."
    )


@strawberry.input(description="A co-building agreement 签订共建协议 with a community.")
class SignAgreementInput:
    unit_id: strawberry.ID = strawberry.field(description="The unit 共建单位.")
    community_id: strawberry.ID = strawberry.field(
        description="The community 社区 (you must manage units there)."
    )
    starts_on: date = strawberry.field(description="First day in force 生效日期.")
    ends_on: date | None = strawberry.field(
        default=None, description="Last day in force 截止日期; null: open-ended."
    )
    content: str | None = strawberry.field(
        default=None, description="What the parties agreed 协议内容 (at most 2000 characters)."
    )


@strawberry.input(description="Let an account act for a unit 绑定单位账号 (the `unit` role).")
class BindUnitAccountInput:
    unit_id: strawberry.ID = strawberry.field(description="The unit 共建单位.")
    username: str = strawberry.field(description="The account's sign-in name 用户名.")


@strawberry.type(description="共建单位操作结果 The result of a co-building unit mutation.")
class UnitPayload:
    unit: CoBuildingUnit = strawberry.field(description="The unit as it is now 共建单位.")


@strawberry.type(description="签订共建协议结果 The result of signing an agreement.")
class AgreementPayload:
    agreement: CoBuildingAgreement = strawberry.field(description="The agreement 共建协议.")


@strawberry.type
class UnitMutations:
    @strawberry.mutation(
        description="Register a co-building unit 登记共建单位 (who manages units there: "
        "secretaries, administrators)."
    )
    async def register_co_building_unit(
        self, info: Info, input: Annotated[RegisterUnitInput, INPUT]
    ) -> UnitPayload:
        draft = UnitDraft(
            name=input.name,
            sector=rows.UnitSector[input.sector.name],
            contact_name=input.contact_name,
            contact_phone=input.contact_phone,
            home_org_id=expect_global_id(
                input.home_organization_id, ORGANIZATION, field="homeOrganizationId"
            ),
            home_global_id=input.home_organization_id,
            address=input.address,
            longitude=input.longitude,
            latitude=input.latitude,
            party_org_id=expect_global_id(
                input.party_organization_id, ORGANIZATION, field="partyOrganizationId"
            )
            if input.party_organization_id
            else None,
            party_org_global_id=input.party_organization_id,
        )
        return UnitPayload(unit=CoBuildingUnit.from_row(await register_unit(info.context, draft)))

    @strawberry.mutation(
        description="Sign a co-building agreement 签订共建协议 between a unit and a community; "
        "the unit's accounts then see the community's needs."
    )
    async def sign_co_building_agreement(
        self, info: Info, input: Annotated[SignAgreementInput, INPUT]
    ) -> AgreementPayload:
        row = await sign_agreement(
            info.context,
            expect_global_id(input.unit_id, TYPE_NAME, field="unitId"),
            input.unit_id,
            expect_global_id(input.community_id, ORGANIZATION, field="communityId"),
            input.community_id,
            input.starts_on,
            input.ends_on,
            input.content,
        )
        return AgreementPayload(
            agreement=CoBuildingAgreement.from_row(record_of(AgreementRecord, row))
        )

    @strawberry.mutation(
        description="Let an existing account act for a unit 绑定单位账号 (the `unit` role)."
    )
    async def bind_co_building_unit_account(
        self, info: Info, input: Annotated[BindUnitAccountInput, INPUT]
    ) -> UnitPayload:
        row = await bind_account_to_unit(
            info.context,
            expect_global_id(input.unit_id, TYPE_NAME, field="unitId"),
            input.unit_id,
            input.username,
        )
        return UnitPayload(unit=CoBuildingUnit.from_row(row))
