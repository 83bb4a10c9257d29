"""Resource wall types: resources, needs, exchanges with their timelines, suggestions."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date, datetime
from typing import Annotated

import strawberry

from db.records import record_of
from db.resources import models as rows
from db.resources.queries import ExchangeRecord, ExchangeStepRecord, NeedRecord, ResourceRecord
from resolvers.errors import BadUserInput
from resolvers.resources.reads import (
    resolve_need_by_id,
    resolve_need_exchanges,
    resolve_resource_by_id,
)
from resolvers.resources.suggestions import Match, resolve_suggestions
from resolvers.resources.workflow import next_actions
from schema.enum_members import by_value
from schema.info import Info
from schema.organizations.types import Organization, organization_answer
from schema.plain_fields import direct
from schema.relay import Node, to_global_id
from schema.resources.enums import (
    ExchangeAction,
    ExchangeSide,
    ExchangeStatus,
    NeedStatus,
    ResourceCategory,
    ResourceStatus,
)
from schema.units.types import CoBuildingUnit, unit_answer

RESOURCE = "CoBuildingResource"
NEED = "CoBuildingNeed"
EXCHANGE = "CoBuildingExchange"
MAX_SUGGESTIONS = 20
_CATEGORY = by_value(rows.ResourceCategory, ResourceCategory)
_RESOURCE_STATUS = by_value(rows.ResourceStatus, ResourceStatus)
_NEED_STATUS = by_value(rows.NeedStatus, NeedStatus)
_EXCHANGE_STATUS = by_value(rows.ExchangeStatus, ExchangeStatus)


@strawberry.type(description="A resource a co-building unit offers on the wall 共建资源.")
class CoBuildingResource(Node):
    row: strawberry.Private[ResourceRecord]
    category: ResourceCategory = strawberry.field(description="Category 类别.")
    title: str = strawberry.field(description="Title 标题.")
    description: str = strawberry.field(description="What is offered 资源描述.")
    quantity: int = strawberry.field(description="How much or how many 数量.")
    quantity_unit: str = strawberry.field(description="Of what, e.g. 人次, 场, 平方米 单位.")
    available_from: date = strawberry.field(description="Available from 起始日期.")
    available_until: date | None = strawberry.field(
        description="Available until 截止日期; null: until withdrawn."
    )
    address: str | None = strawberry.field(description="Where 地点.")
    longitude: float | None = strawberry.field(description="WGS-84 longitude 经度.")
    latitude: float | None = strawberry.field(description="WGS-84 latitude 纬度.")
    status: ResourceStatus = strawberry.field(description="On the wall or withdrawn 状态.")
    version: int = strawberry.field(description="Increases with every change 版本.")
    created_at: datetime = strawberry.field(description="When it was published 发布时间.")

    @classmethod
    def from_row(cls, row: ResourceRecord | rows.ResourceRow) -> CoBuildingResource:
        if isinstance(row, rows.ResourceRow):
            row = record_of(ResourceRecord, row)
        return cls(
            row=row,
            id=to_global_id(RESOURCE, row.id),
            category=_CATEGORY[row.category],
            title=row.title,
            description=row.description,
            quantity=row.quantity,
            quantity_unit=row.quantity_unit,
            available_from=row.available_from,
            available_until=row.available_until,
            address=row.address,
            longitude=row.longitude,
            latitude=row.latitude,
            status=_RESOURCE_STATUS[row.status],
            version=row.version,
            created_at=row.created_at,
        )

    @strawberry.field(
        description="The unit offering it 提供单位; null outside your scope.",
        graphql_type=CoBuildingUnit | None,
    )
    @direct  # once per listed resource
    def unit(self, info: Info) -> Awaitable[CoBuildingUnit | None] | CoBuildingUnit | None:
        return unit_answer(info.context, self.row.unit_id)


@strawberry.type(description="One component of a suggestion's score 匹配得分项, explained.")
class ScoreComponent:
    name: str = strawberry.field(
        description="Which: category 类别, text 描述相似度, distance 距离 or time 时间."
    )
    score: float = strawberry.field(description="分项得分 The component's own score, 0 to 1.")
    weight: float = strawberry.field(description="Its weight in the total 权重.")
    reason: str = strawberry.field(description="Why, in words 说明 (Chinese).")


@strawberry.type(description="A resource suggested for a need 推荐资源, with its explained score.")
class ResourceSuggestion:
    resource: CoBuildingResource = strawberry.field(description="The resource 资源.")
    score: float = strawberry.field(description="Total score 匹配度, 0 to 1: the weighted sum.")
    components: list[ScoreComponent] = strawberry.field(
        description="What the score is made of 得分构成."
    )

    @classmethod
    def of(cls, match: Match) -> ResourceSuggestion:
        return cls(
            resource=CoBuildingResource.from_row(match.resource),
            score=match.score,
            components=[
                ScoreComponent(name=c.name, score=c.score, weight=c.weight, reason=c.reason)
                for c in match.components
            ],
        )


@strawberry.type(description="A need a community or grid posted on the wall 社区需求.")
class CoBuildingNeed(Node):
    row: strawberry.Private[NeedRecord]
    category: ResourceCategory = strawberry.field(description="Category 类别.")
    title: str = strawberry.field(description="Title 标题.")
    description: str = strawberry.field(description="What is needed 需求描述.")
    people: int = strawberry.field(description="How many people it concerns 涉及人数.")
    needed_from: date = strawberry.field(description="Needed from 需求开始日期.")
    needed_until: date = strawberry.field(description="Needed until 需求截止日期.")
    requested_for: str | None = strawberry.field(
        description="Posted by staff for a resident or group 代居民提出 (a description, no "
        "personal data)."
    )
    longitude: float | None = strawberry.field(description="WGS-84 longitude 经度.")
    latitude: float | None = strawberry.field(description="WGS-84 latitude 纬度.")
    status: NeedStatus = strawberry.field(description="Where it stands 状态.")
    version: int = strawberry.field(description="Increases with every change 版本.")
    created_at: datetime = strawberry.field(description="When it was posted 发布时间.")

    @classmethod
    def from_row(cls, row: NeedRecord | rows.NeedRow) -> CoBuildingNeed:
        if isinstance(row, rows.NeedRow):
            row = record_of(NeedRecord, row)
        return cls(
            row=row,
            id=to_global_id(NEED, row.id),
            category=_CATEGORY[row.category],
            title=row.title,
            description=row.description,
            people=row.people,
            needed_from=row.needed_from,
            needed_until=row.needed_until,
            requested_for=row.requested_for,
            longitude=row.longitude,
            latitude=row.latitude,
            status=_NEED_STATUS[row.status],
            version=row.version,
            created_at=row.created_at,
        )

    @strawberry.field(
        description="The community or grid that posted it 发布组织.",
        graphql_type=Organization | None,
    )
    @direct  # once per listed need
    def organization(self, info: Info) -> Awaitable[Organization | None] | Organization | None:
        return organization_answer(info.context, self.row.organization_id)

    @strawberry.field(description="Its exchanges 对接记录 you may see, oldest first.")
    async def exchanges(self, info: Info) -> list[CoBuildingExchange]:
        found = await resolve_need_exchanges(info.context, self.row)
        return [CoBuildingExchange.from_row(row) for row in found]

    @strawberry.field(
        description="Resources suggested for it 智能匹配, best first: the open resources of the "
        "units serving its community (a unit sees only its own), each score explained."
    )
    async def suggestions(
        self,
        info: Info,
        first: Annotated[
            int, strawberry.argument(description="条数 How many, 1 to 20 (default 5).")
        ] = 5,
    ) -> list[ResourceSuggestion]:
        if not 1 <= first <= MAX_SUGGESTIONS:
            raise BadUserInput(f"`first` must be between 1 and {MAX_SUGGESTIONS}.", field="first")
        found = await resolve_suggestions(info.context, self.row, first)
        return [ResourceSuggestion.of(match) for match in found]


@strawberry.type(description="One step on an exchange's timeline 对接留痕.")
class ExchangeStep:
    action: ExchangeAction = strawberry.field(description="What was done 操作.")
    side: ExchangeSide = strawberry.field(description="Which side did it 操作方.")
    from_status: ExchangeStatus | None = strawberry.field(description="Status before 原状态.")
    to_status: ExchangeStatus = strawberry.field(description="Status after 新状态.")
    actor_name: str | None = strawberry.field(description="Who 操作人 (display name).")
    note: str | None = strawberry.field(description="Note, date or rating 备注.")
    at: datetime = strawberry.field(description="When 时间.")

    @classmethod
    def from_row(cls, row: ExchangeStepRecord) -> ExchangeStep:
        return cls(
            action=ExchangeAction(row.action.value),
            side=ExchangeSide(row.side),
            from_status=ExchangeStatus(row.from_status.value) if row.from_status else None,
            to_status=ExchangeStatus(row.to_status.value),
            actor_name=row.actor_name,
            note=row.note,
            at=row.at,
        )


@strawberry.type(
    description="An exchange 对接 between a unit and a community: a need claimed or a resource "
    "requested, through scheduling and delivery to both sides' ratings."
)
class CoBuildingExchange(Node):
    row: strawberry.Private[ExchangeRecord]
    status: ExchangeStatus = strawberry.field(description="Where it stands 状态.")
    scheduled_for: datetime | None = strawberry.field(description="Agreed time 约定时间.")
    delivered_at: datetime | None = strawberry.field(description="When delivered 交付时间.")
    community_rating: int | None = strawberry.field(
        description="社区评分 The community's rating 1-5."
    )
    community_comment: str | None = strawberry.field(
        description="社区评语 The community's comment."
    )
    unit_rating: int | None = strawberry.field(description="The unit's rating 1-5 单位评价.")
    unit_comment: str | None = strawberry.field(description="单位评语 The unit's comment.")
    version: int = strawberry.field(
        description="Increases with every step; pass it as `expectedVersion` 版本."
    )
    created_at: datetime = strawberry.field(description="When it began 发起时间.")

    @classmethod
    def from_row(cls, row: ExchangeRecord | rows.ExchangeRow) -> CoBuildingExchange:
        if isinstance(row, rows.ExchangeRow):
            row = record_of(ExchangeRecord, row)
        return cls(
            row=row,
            id=to_global_id(EXCHANGE, row.id),
            status=_EXCHANGE_STATUS[row.status],
            scheduled_for=row.scheduled_for,
            delivered_at=row.delivered_at,
            community_rating=row.community_rating,
            community_comment=row.community_comment,
            unit_rating=row.unit_rating,
            unit_comment=row.unit_comment,
            version=row.version,
            created_at=row.created_at,
        )

    @strawberry.field(
        description="The unit 共建单位; null outside your scope.",
        graphql_type=CoBuildingUnit | None,
    )
    @direct  # once per listed exchange
    def unit(self, info: Info) -> Awaitable[CoBuildingUnit | None] | CoBuildingUnit | None:
        return unit_answer(info.context, self.row.unit_id)

    @strawberry.field(description="The need 需求, if it is about one; null outside your scope.")
    async def need(self, info: Info) -> CoBuildingNeed | None:
        if self.row.need_id is None:
            return None
        found = await resolve_need_by_id(info.context, self.row.need_id)
        return CoBuildingNeed.from_row(found) if found else None

    @strawberry.field(description="The resource 资源, if one is named; null outside your scope.")
    async def resource(self, info: Info) -> CoBuildingResource | None:
        if self.row.resource_id is None:
            return None
        found = await resolve_resource_by_id(info.context, self.row.resource_id)
        return CoBuildingResource.from_row(found) if found else None

    @strawberry.field(
        description="The community or grid side 社区方; null outside your scope.",
        graphql_type=Organization | None,
    )
    @direct  # once per listed exchange
    def organization(self, info: Info) -> Awaitable[Organization | None] | Organization | None:
        return organization_answer(info.context, self.row.organization_id)

    @strawberry.field(description="The steps you may take now 可执行操作.")
    def next_actions(self, info: Info) -> list[ExchangeAction]:
        return [ExchangeAction(a.value) for a in next_actions(info.context, self.row)]

    @strawberry.field(description="Every step so far, oldest first 全过程留痕.")
    async def timeline(self, info: Info) -> list[ExchangeStep]:
        steps = await info.context.loaders.resources.steps.load(self.row.id)
        return [ExchangeStep.from_row(step) for step in steps]
