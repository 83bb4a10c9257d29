"""The exchange 对接 workflow: every step from every status, as every side and outsider; stale
versions; one of two claims wins; the need follows its exchange; both sides rate."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from db.engine import Database
from db.resources.models import ExchangeAction, ExchangeRow, ExchangeStatus, NeedRow, NeedStatus
from resolvers.resources.workflow import TRANSITIONS, Side
from schema.relay import to_global_id
from tests.co_building_support import (
    REQUEST,
    CoBuilding,
    build_co_building,
    claim,
    exchange_step,
    post_need,
    publish,
)
from tests.factories import bind_unit, create_account, create_agreement, create_unit, token_for
from tests.graphql import error_codes, execute
from tests.world import World

ROLES = ["unit", "secretary", "unit_b", "resident", "outsider"]
SIDES = {"unit": Side.UNIT, "secretary": Side.COMMUNITY}
ACTIONS = ["accept", "schedule", "deliver", "rate", "withdraw"]


@pytest.fixture
async def co(database: Database, world: World, app: Starlette) -> CoBuilding:
    return await build_co_building(database, world, app.state.services.tokens)


async def insert_exchange(database: Database, co: CoBuilding, status: ExchangeStatus) -> str:
    community = co.world.orgs["community_a"]
    now = datetime.now(UTC)
    async with database.transaction() as session:
        need = NeedRow(
            organization_id=community.id, org_path=community.path, category="health",
            title="测血压", description="为老人测血压", people=10, needed_from=date(2026, 1, 1),
            needed_until=date(2030, 1, 1), status=NeedStatus.CLAIMED, terms=["血压"],
            created_by_account_id=co.world.accounts["secretary"].id,
        )  # fmt: skip
        session.add(need)
        await session.flush()
        row = ExchangeRow(
            unit_id=co.units["a"].id, need_id=need.id, organization_id=community.id,
            org_path=community.path, status=status, version=1,
            created_by_account_id=co.world.accounts["secretary"].id,
            created_at=now, updated_at=now,
        )  # fmt: skip
        session.add(row)
        await session.flush()
    return to_global_id("CoBuildingExchange", row.id)


def expected(role: str, status: ExchangeStatus, action: str) -> str:
    if role not in SIDES:
        return "NOT_FOUND"
    rule = TRANSITIONS.get((status, ExchangeAction(action)))
    if rule is None:
        return "BAD_USER_INPUT"
    return "OK" if SIDES[role] in rule else "FORBIDDEN"


@pytest.mark.parametrize("role", ROLES)
async def test_every_step_from_every_status_as_each_role(
    client: httpx.AsyncClient, co: CoBuilding, database: Database, role: str
) -> None:
    outcomes: dict[tuple[ExchangeStatus, str], str] = {}
    for status in ExchangeStatus:
        for action in ACTIONS:
            exchange = await insert_exchange(database, co, status)
            body = await exchange_step(client, co.token(role), action, exchange)
            outcomes[(status, action)] = error_codes(body)[0] if "errors" in body else "OK"
    assert outcomes == {
        (status, action): expected(role, status, action)
        for status in ExchangeStatus
        for action in ACTIONS
    }


async def test_a_claim_runs_to_evaluated_and_the_need_follows(
    client: httpx.AsyncClient, co: CoBuilding
) -> None:
    need = await post_need(client, co)
    claimed = await claim(client, co, need["id"])
    exchange = claimed["data"]["claimCoBuildingNeed"]["exchange"]
    unit, community = co.token("unit"), co.token("secretary")

    for token, action in ((unit, "schedule"), (unit, "deliver"), (community, "rate")):
        body = await exchange_step(client, token, action, exchange["id"])
        assert "errors" not in body, body
    last = await exchange_step(client, unit, "rate", exchange["id"], rating=4)

    final = last["data"]["rateCoBuildingExchange"]["exchange"]
    assert final["status"] == "EVALUATED"
    assert final["need"]["status"] == "FULFILLED"
    assert [step["toStatus"] for step in final["timeline"]] == [
        "CLAIMED", "SCHEDULED", "DELIVERED", "RATED_BY_COMMUNITY", "EVALUATED",
    ]  # fmt: skip
    assert [step["side"] for step in final["timeline"]] == [
        "UNIT", "UNIT", "UNIT", "COMMUNITY", "UNIT",
    ]  # fmt: skip


async def test_a_request_is_accepted_by_the_unit_or_withdrawn_reopening_the_need(
    client: httpx.AsyncClient, co: CoBuilding
) -> None:
    resource = await publish(client, co)
    need = await post_need(client, co)
    body = await execute(
        client,
        REQUEST,
        {
            "input": {
                "resourceId": resource["id"],
                "organizationId": co.world.org_id("community_a"),
                "needId": need["id"],
            }
        },
        token=co.token("secretary"),
    )
    exchange = body["data"]["requestCoBuildingResource"]["exchange"]
    assert exchange["status"] == "POSTED"
    by_community = await exchange_step(client, co.token("secretary"), "accept", exchange["id"])
    withdrawn = await exchange_step(client, co.token("unit"), "withdraw", exchange["id"])

    assert error_codes(by_community) == ["FORBIDDEN"]
    assert withdrawn["data"]["withdrawCoBuildingExchange"]["exchange"]["need"]["status"] == "OPEN"


async def test_a_stale_version_is_a_conflict_and_changes_nothing(
    client: httpx.AsyncClient, co: CoBuilding, database: Database
) -> None:
    exchange = await insert_exchange(database, co, ExchangeStatus.CLAIMED)
    first = await exchange_step(client, co.token("unit"), "schedule", exchange, expectedVersion=1)
    late = await exchange_step(
        client, co.token("secretary"), "withdraw", exchange, expectedVersion=1
    )

    assert "errors" not in first
    assert error_codes(late) == ["CONFLICT"]


async def test_of_two_units_claiming_one_need_exactly_one_wins(
    client: httpx.AsyncClient, co: CoBuilding, database: Database, app: Starlette
) -> None:
    # given a second unit serving community A as well
    async with database.transaction() as session:
        other = await create_unit(session, co.world.orgs["street_a"], name="第二医院")
        await create_agreement(session, other, co.world.orgs["community_a"])
        account = await create_account(session, [], username="unit_c")
        await bind_unit(session, account, other)
    co.world.tokens["unit_c"] = token_for(app.state.services.tokens, account)
    need = await post_need(client, co)

    bodies = await asyncio.gather(
        claim(client, co, need["id"], "unit"), claim(client, co, need["id"], "unit_c")
    )

    assert sorted(error_codes(body)[0] if "errors" in body else "OK" for body in bodies) == [
        "CONFLICT", "OK",
    ]  # fmt: skip


async def test_a_unit_cannot_claim_the_need_of_a_community_it_does_not_serve(
    client: httpx.AsyncClient, co: CoBuilding
) -> None:
    need = await post_need(client, co)

    body = await claim(client, co, need["id"], "unit_b")

    assert error_codes(body) == ["NOT_FOUND"]


EXCHANGES = """
query ($under: ID, $statuses: [ExchangeStatus!], $after: String) {
  coBuildingExchanges(under: $under, statuses: $statuses, first: 1, after: $after) {
    totalCount pageInfo { endCursor hasNextPage }
    nodes { id status unit { name } organization { name } }
  }
}
"""


async def _listed(
    client: httpx.AsyncClient, token: str, variables: dict[str, Any]
) -> list[dict[str, Any]]:
    """Every page's exchange, one per page, following the cursors."""
    found: list[dict[str, Any]] = []
    after = None
    while True:
        body = await execute(client, EXCHANGES, variables | {"after": after}, token=token)
        assert "errors" not in body, body
        page = body["data"]["coBuildingExchanges"]
        found += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


async def test_the_exchange_list_narrows_by_status_page_by_page(
    client: httpx.AsyncClient, database: Database, co: CoBuilding
) -> None:
    # given exchanges of community A (with unit A) in three statuses
    statuses = [ExchangeStatus.CLAIMED, ExchangeStatus.SCHEDULED, ExchangeStatus.CLAIMED]
    ids = [await insert_exchange(database, co, status) for status in statuses]
    narrow = {"statuses": ["CLAIMED"]}
    # when the secretary lists the claimed ones under community A, and unit A its own
    secretary = await _listed(
        client, co.token("secretary"), narrow | {"under": co.world.org_id("community_a")}
    )
    unit = await _listed(client, co.token("unit"), narrow)
    unit_b = await _listed(client, co.token("unit_b"), {})
    # then each lists the claimed exchanges, with their unit and community
    expected = [
        {"id": key, "status": "CLAIMED", "unit": {"name": "A医院"},
         "organization": {"name": co.world.orgs["community_a"].name}}
        for key in (ids[0], ids[2])
    ]  # fmt: skip
    assert secretary == expected
    assert [node["id"] for node in unit] == [ids[0], ids[2]]
    assert unit_b == []
