"""Co-building test data on top of tests/world.py: two units, one serving community A (its
account `unit`), one serving community B (`unit_b`); GraphQL documents shared by the tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from db.accounts.models import AccountRow
from db.engine import Database
from db.units.models import UnitRow
from resolvers.accounts.tokens import TokenService
from schema.relay import to_global_id
from tests.factories import bind_unit, create_account, create_agreement, create_unit, token_for
from tests.graphql import execute
from tests.world import World


@dataclass
class CoBuilding:
    world: World
    units: dict[str, UnitRow] = field(default_factory=dict)
    accounts: dict[str, AccountRow] = field(default_factory=dict)

    def unit_id(self, name: str) -> str:
        return to_global_id("CoBuildingUnit", self.units[name].id)

    def token(self, role: str) -> str:
        return self.world.tokens[role]


async def build_co_building(database: Database, world: World, tokens: TokenService) -> CoBuilding:
    built = CoBuilding(world)
    async with database.transaction() as session:
        for name, street, community in (
            ("a", "street_a", "community_a"),
            ("b", "street_b", "community_b"),
        ):
            unit = await create_unit(session, world.orgs[street], name=f"{name.upper()}医院")
            await create_agreement(session, unit, world.orgs[community])
            account = await create_account(session, [], username=f"unit_{name}")
            await bind_unit(session, account, unit)
            built.units[name] = unit
            built.accounts[name] = account
    world.tokens["unit"] = token_for(tokens, built.accounts["a"])
    world.tokens["unit_b"] = token_for(tokens, built.accounts["b"])
    return built


PUBLISH = """
mutation ($input: PublishResourceInput!) {
  publishCoBuildingResource(input: $input) { resource { id title status } }
}
"""
POST_NEED = """
mutation ($input: PostNeedInput!) {
  postCoBuildingNeed(input: $input) { need { id status version } }
}
"""
CLAIM = """
mutation ($input: ClaimNeedInput!) {
  claimCoBuildingNeed(input: $input) { exchange { id status version } }
}
"""
REQUEST = """
mutation ($input: RequestResourceInput!) {
  requestCoBuildingResource(input: $input) { exchange { id status version } }
}
"""
EXCHANGE_FIELDS = "exchange { id status version nextActions timeline { action side fromStatus toStatus note } need { status } }"


async def publish(
    client: httpx.AsyncClient, co: CoBuilding, role: str = "unit", **overrides: Any
) -> dict[str, Any]:
    values = {
        "unitId": co.unit_id("a"),
        "category": "HEALTH",
        "title": "老年人健康义诊",
        "description": "医生到社区为老年人测量血压血糖，提供用药咨询。",
        "quantity": 10,
        "quantityUnit": "场",
        "availableFrom": "2026-01-01",
        "longitude": 120.15,
        "latitude": 30.28,
    } | overrides
    body = await execute(client, PUBLISH, {"input": values}, token=co.token(role))
    assert "errors" not in body, body
    resource: dict[str, Any] = body["data"]["publishCoBuildingResource"]["resource"]
    return resource


async def post_need(
    client: httpx.AsyncClient, co: CoBuilding, role: str = "secretary", **overrides: Any
) -> dict[str, Any]:
    values = {
        "organizationId": co.world.org_id("community_a"),
        "category": "HEALTH",
        "title": "老人测血压",
        "description": "辖区独居老人多，希望有医生来社区测量血压、指导用药。",
        "people": 30,
        "neededFrom": "2026-12-10",
        "neededUntil": "2027-01-10",
        "longitude": 120.151,
        "latitude": 30.281,
    } | overrides
    body = await execute(client, POST_NEED, {"input": values}, token=co.token(role))
    assert "errors" not in body, body
    need: dict[str, Any] = body["data"]["postCoBuildingNeed"]["need"]
    return need


async def claim(
    client: httpx.AsyncClient, co: CoBuilding, need_id: str, role: str = "unit"
) -> dict[str, Any]:
    return await execute(client, CLAIM, {"input": {"needId": need_id}}, token=co.token(role))


STEPS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "accept": ("acceptCoBuildingExchange", "ExchangeStepInput", {}),
    "schedule": (
        "scheduleCoBuildingExchange",
        "ScheduleExchangeInput",
        {"scheduledFor": "2030-01-01T09:00:00+08:00"},
    ),
    "deliver": ("deliverCoBuildingExchange", "ExchangeStepInput", {}),
    "rate": ("rateCoBuildingExchange", "RateExchangeInput", {"rating": 5, "comment": "很好"}),
    "withdraw": ("withdrawCoBuildingExchange", "ExchangeStepInput", {}),
}


async def exchange_step(
    client: httpx.AsyncClient, token: str, action: str, exchange_id: str, **extra: Any
) -> dict[str, Any]:
    field_name, input_type, needed = STEPS[action]
    document = f"mutation ($input: {input_type}!) {{ {field_name}(input: $input) {{ {EXCHANGE_FIELDS} }} }}"
    return await execute(
        client, document, {"input": {"id": exchange_id} | needed | extra}, token=token
    )
