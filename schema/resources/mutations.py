"""Resource wall mutations: publishing resources, posting needs, and every exchange step."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import strawberry

from db.resources import models as rows
from resolvers.resources import workflow
from resolvers.resources.workflow import StepInput
from resolvers.resources.writes import (
    NeedDraft,
    ResourceDraft,
    post_need,
    publish_resource,
    withdraw_need,
    withdraw_resource,
)
from schema.info import Info
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.relay import INPUT, expect_global_id
from schema.resources.enums import ResourceCategory
from schema.resources.types import (
    EXCHANGE,
    NEED,
    RESOURCE,
    CoBuildingExchange,
    CoBuildingNeed,
    CoBuildingResource,
)
from schema.units.types import TYPE_NAME as UNIT

WGS84 = "WGS-84 degrees (GPS), not GCJ-02"
VERSION = "The `version` you last read; a stale one fails with CONFLICT 版本. Optional."
NOTE = "A note for the timeline 备注 (at most 500 characters)."
KEY = (
    "Any unique string (a UUID) 幂等键: a retry with the same key returns the first result and "
    "changes nothing more."
)


@strawberry.input(description="A resource to offer on the wall 发布资源.")
class PublishResourceInput:
    unit_id: strawberry.ID = strawberry.field(description="The unit offering it 共建单位.")
    category: ResourceCategory = strawberry.field(description="Category 类别.")
    title: str = strawberry.field(description="Title 标题 (at most 100 characters).")
    description: str = strawberry.field(description="What is offered 资源描述 (at most 2000).")
    quantity: int = strawberry.field(description="How much or how many 数量 (1-1000000).")
    quantity_unit: str = strawberry.field(description="Of what 单位, e.g. 人次, 场, 平方米.")
    available_from: date = strawberry.field(description="Available from 起始日期.")
    available_until: date | None = strawberry.field(
        default=None, description="Available until 截止日期; null: until withdrawn."
    )
    address: str | None = strawberry.field(
        default=None, description="Where 地点; default the unit's address."
    )
    longitude: float | None = strawberry.field(
        default=None, description=f"Longitude 经度, {WGS84}; default the unit's."
    )
    latitude: float | None = strawberry.field(
        default=None, description=f"Latitude 纬度, {WGS84}; default the unit's."
    )


@strawberry.input(description="A need to post on the wall 发布需求.")
class PostNeedInput:
    organization_id: strawberry.ID = strawberry.field(
        description="The community or grid whose need it is 社区或网格."
    )
    category: ResourceCategory = strawberry.field(description="Category 类别.")
    title: str = strawberry.field(description="Title 标题 (at most 100 characters).")
    description: str = strawberry.field(description="What is needed 需求描述 (at most 2000).")
    people: int = strawberry.field(description="How many people it concerns 涉及人数.")
    needed_from: date = strawberry.field(description="Needed from 开始日期.")
    needed_until: date = strawberry.field(description="Needed until 截止日期.")
    requested_for: str | None = strawberry.field(
        default=None,
        description="Posted for a resident or group 代居民提出, e.g. 3号楼独居老人 (no names or "
        "numbers).",
    )
    longitude: float | None = strawberry.field(
        default=None, description=f"Longitude 经度, {WGS84}; default the organisation's."
    )
    latitude: float | None = strawberry.field(
        default=None, description=f"Latitude 纬度, {WGS84}; default the organisation's."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=KEY)


@strawberry.input(description="A unit claims a need 认领需求.")
class ClaimNeedInput:
    need_id: strawberry.ID = strawberry.field(description="The need 需求.")
    resource_id: strawberry.ID | None = strawberry.field(
        default=None, description="One of your unit's resources to meet it with 使用资源."
    )
    note: str | None = strawberry.field(default=None, description=NOTE)
    idempotency_key: str | None = strawberry.field(default=None, description=KEY)


@strawberry.input(description="A community requests a unit's resource 申请资源.")
class RequestResourceInput:
    resource_id: strawberry.ID = strawberry.field(description="The resource 资源.")
    organization_id: strawberry.ID = strawberry.field(
        description="The community or grid asking 申请方 (you must post needs there)."
    )
    need_id: strawberry.ID | None = strawberry.field(
        default=None, description="The open need of that community it would meet 对应需求."
    )
    note: str | None = strawberry.field(default=None, description=NOTE)
    idempotency_key: str | None = strawberry.field(default=None, description=KEY)


@strawberry.input(description="对接流转 A step of an exchange that needs no more than a note.")
class ExchangeStepInput:
    id: strawberry.ID = strawberry.field(description="The exchange 对接.")
    expected_version: int | None = strawberry.field(default=None, description=VERSION)
    note: str | None = strawberry.field(default=None, description=NOTE)


@strawberry.input(description="Agree or change the date of an exchange 排期.")
class ScheduleExchangeInput:
    id: strawberry.ID = strawberry.field(description="The exchange 对接.")
    scheduled_for: datetime = strawberry.field(description="When it happens 约定时间.")
    expected_version: int | None = strawberry.field(default=None, description=VERSION)
    note: str | None = strawberry.field(default=None, description=NOTE)


@strawberry.input(description="One side rates a delivered exchange 评价.")
class RateExchangeInput:
    id: strawberry.ID = strawberry.field(description="The exchange 对接.")
    rating: int = strawberry.field(description="1 (poor) to 5 (excellent) 评分.")
    comment: str | None = strawberry.field(default=None, description="Comment 评语 (at most 500).")
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.input(description="Withdraw a resource from the wall 下架资源.")
class WithdrawResourceInput:
    id: strawberry.ID = strawberry.field(description="The resource 资源.")
    expected_version: int | None = strawberry.field(default=None, description=VERSION)


@strawberry.type(description="共建资源操作结果 The result of a resource mutation.")
class ResourcePayload:
    resource: CoBuildingResource = strawberry.field(
        description="当前共建资源 The resource as it is now."
    )


@strawberry.type(description="社区需求操作结果 The result of a need mutation.")
class NeedPayload:
    need: CoBuildingNeed = strawberry.field(description="当前社区需求 The need as it is now.")


@strawberry.type(description="对接操作结果 The result of an exchange mutation.")
class ExchangePayload:
    exchange: CoBuildingExchange = strawberry.field(
        description="当前对接 The exchange as it is now."
    )


async def _step(
    info: Info, global_id: str, action: rows.ExchangeAction, step: StepInput
) -> ExchangePayload:
    key = expect_global_id(global_id, EXCHANGE, field="id")
    row = await workflow.take_step(info.context, key, global_id, action, step)
    return ExchangePayload(exchange=CoBuildingExchange.from_row(row))


def _simple(data: ExchangeStepInput) -> StepInput:
    return StepInput(expected_version=data.expected_version, note=data.note)


@strawberry.type
class ResourceWallMutations:
    @strawberry.mutation(
        description="Offer a resource on the wall 发布资源 (the unit's accounts, or who manages "
        "units where it is registered)."
    )
    async def publish_co_building_resource(
        self, info: Info, input: Annotated[PublishResourceInput, INPUT]
    ) -> ResourcePayload:
        draft = ResourceDraft(
            unit_id=expect_global_id(input.unit_id, UNIT, field="unitId"),
            unit_global_id=input.unit_id,
            category=rows.ResourceCategory[input.category.name],
            title=input.title,
            description=input.description,
            quantity=input.quantity,
            quantity_unit=input.quantity_unit,
            available_from=input.available_from,
            available_until=input.available_until,
            address=input.address,
            longitude=input.longitude,
            latitude=input.latitude,
        )
        row = await publish_resource(info.context, draft)
        return ResourcePayload(resource=CoBuildingResource.from_row(row))

    @strawberry.mutation(description="Take a resource off the wall 下架资源.")
    async def withdraw_co_building_resource(
        self, info: Info, input: Annotated[WithdrawResourceInput, INPUT]
    ) -> ResourcePayload:
        key = expect_global_id(input.id, RESOURCE, field="id")
        row = await withdraw_resource(info.context, key, input.id, input.expected_version)
        return ResourcePayload(resource=CoBuildingResource.from_row(row))

    @strawberry.mutation(
        description="Post a need of a community or grid 发布需求 (its staff; for a resident, "
        "through them)."
    )
    async def post_co_building_need(
        self, info: Info, input: Annotated[PostNeedInput, INPUT]
    ) -> NeedPayload:
        draft = NeedDraft(
            organization_id=expect_global_id(
                input.organization_id, ORGANIZATION, field="organizationId"
            ),
            organization_global_id=input.organization_id,
            category=rows.ResourceCategory[input.category.name],
            title=input.title,
            description=input.description,
            people=input.people,
            needed_from=input.needed_from,
            needed_until=input.needed_until,
            requested_for=input.requested_for,
            longitude=input.longitude,
            latitude=input.latitude,
            idempotency_key=input.idempotency_key,
        )
        return NeedPayload(need=CoBuildingNeed.from_row(await post_need(info.context, draft)))

    @strawberry.mutation(description="Take an open need off the wall 撤回需求.")
    async def withdraw_co_building_need(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="社区需求 The need.")],
    ) -> NeedPayload:
        row = await withdraw_need(info.context, expect_global_id(id, NEED, field="id"), id)
        return NeedPayload(need=CoBuildingNeed.from_row(row))

    @strawberry.mutation(
        description="Claim a need 认领需求 (a unit serving its community); the exchange starts "
        "CLAIMED. Of two units claiming at once, one gets CONFLICT."
    )
    async def claim_co_building_need(
        self, info: Info, input: Annotated[ClaimNeedInput, INPUT]
    ) -> ExchangePayload:
        row = await workflow.claim_need(
            info.context,
            expect_global_id(input.need_id, NEED, field="needId"),
            input.need_id,
            expect_global_id(input.resource_id, RESOURCE, field="resourceId")
            if input.resource_id
            else None,
            input.resource_id,
            input.note,
            input.idempotency_key,
        )
        return ExchangePayload(exchange=CoBuildingExchange.from_row(row))

    @strawberry.mutation(
        description="Request a unit's resource 申请资源 (community staff); the exchange starts "
        "POSTED until the unit accepts or declines."
    )
    async def request_co_building_resource(
        self, info: Info, input: Annotated[RequestResourceInput, INPUT]
    ) -> ExchangePayload:
        row = await workflow.request_resource(
            info.context,
            expect_global_id(input.resource_id, RESOURCE, field="resourceId"),
            input.resource_id,
            expect_global_id(input.organization_id, ORGANIZATION, field="organizationId"),
            input.organization_id,
            expect_global_id(input.need_id, NEED, field="needId") if input.need_id else None,
            input.need_id,
            input.note,
            input.idempotency_key,
        )
        return ExchangePayload(exchange=CoBuildingExchange.from_row(row))

    @strawberry.mutation(description="Accept a requested exchange 接受申请 (the unit).")
    async def accept_co_building_exchange(
        self, info: Info, input: Annotated[ExchangeStepInput, INPUT]
    ) -> ExchangePayload:
        return await _step(info, input.id, rows.ExchangeAction.ACCEPT, _simple(input))

    @strawberry.mutation(description="Agree or change the date 排期 (either side).")
    async def schedule_co_building_exchange(
        self, info: Info, input: Annotated[ScheduleExchangeInput, INPUT]
    ) -> ExchangePayload:
        step = StepInput(
            expected_version=input.expected_version,
            note=input.note,
            scheduled_for=input.scheduled_for,
        )
        return await _step(info, input.id, rows.ExchangeAction.SCHEDULE, step)

    @strawberry.mutation(description="Mark delivered 交付 (the unit); the need becomes fulfilled.")
    async def deliver_co_building_exchange(
        self, info: Info, input: Annotated[ExchangeStepInput, INPUT]
    ) -> ExchangePayload:
        return await _step(info, input.id, rows.ExchangeAction.DELIVER, _simple(input))

    @strawberry.mutation(
        description="Rate the other side of a delivered exchange 评价 (each side once; both "
        "rated: EVALUATED)."
    )
    async def rate_co_building_exchange(
        self, info: Info, input: Annotated[RateExchangeInput, INPUT]
    ) -> ExchangePayload:
        step = StepInput(
            expected_version=input.expected_version, rating=input.rating, comment=input.comment
        )
        return await _step(info, input.id, rows.ExchangeAction.RATE, step)

    @strawberry.mutation(
        description="Withdraw or decline an exchange 撤回 before delivery (either side); its "
        "need goes back on the wall."
    )
    async def withdraw_co_building_exchange(
        self, info: Info, input: Annotated[ExchangeStepInput, INPUT]
    ) -> ExchangePayload:
        return await _step(info, input.id, rows.ExchangeAction.WITHDRAW, _simple(input))
