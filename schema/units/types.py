"""Co-building unit 共建单位 types: the unit, its sector and its agreements with communities."""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Awaitable, Iterable, Sequence
from datetime import date, datetime

import strawberry

from db.records import record_of
from db.units import models as rows
from db.units.queries import AgreementRecord, UnitRecord
from resolvers.context import Context
from resolvers.units.reads import resolve_agreements, resolve_unit_by_id
from schema.answers import answer_all, shared_answer
from schema.enum_members import by_value
from schema.info import Info
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.organizations.types import Organization, answer_organizations, organization_answer
from schema.plain_fields import direct
from schema.relay import Node, to_global_id
from schema.selections import selects_listed

TYPE_NAME = "CoBuildingUnit"


@strawberry.enum(description="What kind of party a co-building unit is 共建单位类型.")
class UnitSector(enum.Enum):
    ENTERPRISE = strawberry.enum_value("enterprise", description="Private enterprise 企业.")
    STATE_OWNED = strawberry.enum_value("state_owned", description="State-owned enterprise 国企.")
    SCHOOL = strawberry.enum_value("school", description="School or university 学校.")
    HOSPITAL = strawberry.enum_value("hospital", description="Hospital or clinic 医院.")
    AGENCY = strawberry.enum_value(
        "agency", description="Government agency or public institution 机关事业单位."
    )
    SOCIAL_ORGANIZATION = strawberry.enum_value(
        "social_organization", description="Social organisation 社会组织."
    )
    OTHER = strawberry.enum_value("other", description="Other 其他.")


_SECTOR = by_value(rows.UnitSector, UnitSector)


@strawberry.type(description="A co-building agreement 共建协议 between a unit and a community.")
class CoBuildingAgreement:
    row: strawberry.Private[AgreementRecord]
    starts_on: date = strawberry.field(description="First day in force 生效日期.")
    ends_on: date | None = strawberry.field(
        description="协议截止日期 Last day in force; null: open-ended."
    )
    content: str | None = strawberry.field(description="What the parties agreed 协议内容.")
    community_id: strawberry.ID = strawberry.field(description="The community's ID 社区.")

    @classmethod
    def from_row(cls, row: AgreementRecord) -> CoBuildingAgreement:
        return cls(
            row=row,
            starts_on=row.starts_on,
            ends_on=row.ends_on,
            content=row.content,
            community_id=to_global_id(ORGANIZATION, row.community_id),
        )

    @strawberry.field(
        description="The community 社区; null outside your scope.",
        graphql_type=Organization | None,
    )
    @direct  # once per listed agreement
    def community(self, info: Info) -> Awaitable[Organization | None] | Organization | None:
        return organization_answer(info.context, self.row.community_id)


@strawberry.type(
    description="A co-building unit 共建单位 (enterprise, school, hospital, agency, 两新组织): a "
    "party of its own, serving the communities it signed agreements with."
)
class CoBuildingUnit(Node):
    row: strawberry.Private[UnitRecord]
    name: str = strawberry.field(description="Name 单位名称.")
    sector: UnitSector = strawberry.field(description="Kind of unit 单位类型.")
    contact_name: str = strawberry.field(description="Contact person 联系人.")
    contact_phone: str = strawberry.field(description="Contact phone 联系电话 (a work number).")
    address: str | None = strawberry.field(description="Address 地址.")
    longitude: float | None = strawberry.field(description="WGS-84 longitude 经度.")
    latitude: float | None = strawberry.field(description="WGS-84 latitude 纬度.")
    created_at: datetime = strawberry.field(description="When it was registered 登记时间.")

    @classmethod
    def from_row(cls, row: UnitRecord | rows.UnitRow) -> CoBuildingUnit:
        if isinstance(row, rows.UnitRow):  # as a write path has just written it
            row = record_of(UnitRecord, row)
        return cls(
            row=row,
            id=to_global_id(TYPE_NAME, row.id),
            name=row.name,
            sector=_SECTOR[row.sector],
            contact_name=row.contact_name,
            contact_phone=row.contact_phone,
            address=row.address,
            longitude=row.longitude,
            latitude=row.latitude,
            created_at=row.created_at,
        )

    @strawberry.field(
        description="The organisation it is registered with 登记组织 (usually a street's "
        "区域化党建 alliance); null outside your scope.",
        graphql_type=Organization | None,
    )
    @direct  # once per listed unit
    def home_organization(self, info: Info) -> Awaitable[Organization | None] | Organization | None:
        return organization_answer(info.context, self.row.home_org_id)

    @strawberry.field(
        description="Its own party organisation in the tree 单位党组织, if any; null outside "
        "your scope.",
        graphql_type=Organization | None,
    )
    @direct  # once per listed unit
    def party_organization(
        self, info: Info
    ) -> Awaitable[Organization | None] | Organization | None:
        org_id = self.row.party_org_id
        return None if org_id is None else organization_answer(info.context, org_id)

    @strawberry.field(
        description="Its agreements 共建协议 you may see (all of them for the unit itself)."
    )
    async def agreements(self, info: Info) -> list[CoBuildingAgreement]:
        found = await resolve_agreements(info.context, self.row)
        return [CoBuildingAgreement.from_row(row) for row in found]


async def answer_unit_organizations(info: Info, units: Sequence[UnitRecord]) -> None:
    """A page of units answers the organisations its rows name, when the query asks for
    them, before its rows are completed (`answer_organizations`)."""
    wanted: list[int] = []
    if selects_listed(info, "homeOrganization"):
        wanted += [unit.home_org_id for unit in units]
    if selects_listed(info, "partyOrganization"):
        wanted += [unit.party_org_id for unit in units if unit.party_org_id is not None]
    if wanted:
        await answer_organizations(info.context, wanted)


async def _answer(context: Context, unit_id: int) -> CoBuildingUnit | None:
    found = await resolve_unit_by_id(context, unit_id)
    return CoBuildingUnit.from_row(found) if found else None


async def _answer_many(context: Context, unit_ids: list[int]) -> list[CoBuildingUnit | None]:
    return list(await asyncio.gather(*(_answer(context, key) for key in unit_ids)))


def _answers(context: Context) -> dict[int, object] | None:
    loaders = context.loaders.units
    return loaders.answers if loaders.cache else None


def unit_answer(
    context: Context, unit_id: int
) -> Awaitable[CoBuildingUnit | None] | CoBuildingUnit | None:
    """The unit a row names (an activity's organiser), as a field answers it: None unless
    the viewer may see it; read, checked and built once per request (schema/answers.py)."""
    return shared_answer(_answers(context), unit_id, lambda key: _answer(context, key))


async def answer_units(context: Context, unit_ids: Iterable[int]) -> None:
    """Answer the units a page's rows name before graphql-core completes the rows."""
    await answer_all(_answers(context), unit_ids, lambda keys: _answer_many(context, keys))
