"""Query cost: the static estimate, the per-request ceiling, and the bucket per client."""

from __future__ import annotations

import httpx
import pytest
from graphql import parse
from starlette.applications import Starlette

from resolvers.cost_buckets import Throttle
from server import Settings
from tests.graphql import client_from, error_codes, execute, served
from tests.processes import PrivateRedis, free_port
from tests.world import World
from transport.cost import RequestedCosts, actual_cost, requested_cost
from transport.schema import build_schema

SCHEMA = build_schema()._schema


def cost(document: str, variables: dict[str, object] | None = None) -> int:
    return requested_cost(SCHEMA, parse(document), None, variables)


def test_scalars_are_free_and_objects_cost_one() -> None:
    assert cost("{ viewer { username displayName } }") == 1


def test_a_connection_multiplies_by_its_page_size() -> None:
    assert (
        cost("{ members(first: 50) { totalCount nodes { name branch { name } } } }") == 1 + 50 * 2
    )


def test_page_size_comes_from_variables_or_the_default() -> None:
    document = "query ($n: Int) { organizations(first: $n) { nodes { name } } }"
    assert cost(document, {"n": 7}) == 1 + 7
    assert cost(document) == 1 + 20


RECORD_READINGS = """
mutation ($input: RecordReadingsInput!) { recordReadings(input: $input) { accepted } }"""


def test_input_object_variables_are_left_for_execution_to_coerce() -> None:
    # Given a batch variable that does not coerce
    variables: dict[str, object] = {"input": {"readings": [{"seq": "not a number"}]}}
    # When the cost is estimated
    estimate = cost(RECORD_READINGS, variables)
    # Then the batch was not looked at: the payload object is priced (execution refuses it)
    assert estimate == 1


def test_nested_connections_multiply() -> None:
    document = "{ organizations(first: 10) { nodes { children(first: 10) { nodes { name } } } } }"
    assert cost(document) == 1 + 10 * (1 + 1 + 10)


def test_fragments_are_counted() -> None:
    document = '{ node(id: "x") { ... on Organization { parent { name } } } }'
    assert cost(document) == 2


PAGE = "query ($n: Int, $on: Boolean) { organizations(first: $n) { nodes { name } } }"


def kept(costs: RequestedCosts, variables: dict[str, object]) -> int:
    return costs.of(SCHEMA, PAGE, parse(PAGE), None, variables)


def test_a_kept_cost_is_the_cost_of_the_same_variables() -> None:
    # Given a cost worked out for one page size
    costs = RequestedCosts()
    assert kept(costs, {"n": 7}) == 1 + 7
    # When the same document comes with another page size, then with the first again
    other, again = kept(costs, {"n": 3}), kept(costs, {"n": 7})
    # Then each is priced by its own values
    assert (other, again) == (1 + 3, 1 + 7)


def test_a_kept_cost_tells_true_from_one() -> None:
    # Given the cost of a page whose size variable is 1
    costs = RequestedCosts()
    assert kept(costs, {"n": 1}) == 1 + 1
    # When the size is sent as `true` (which does not coerce to an Int)
    wrong = kept(costs, {"n": True})
    # Then it is priced as requested_cost prices it, not as the kept 1
    assert wrong == requested_cost(SCHEMA, parse(PAGE), None, {"n": True}) == 0


def test_costs_are_kept_within_their_bound() -> None:
    # Given a cache of two costs
    costs = RequestedCosts(size=2)
    # When three page sizes are priced
    for size in (1, 2, 3):
        kept(costs, {"n": size})
    # Then only the last two are kept
    assert len(costs) == 2


def test_long_variables_are_priced_but_not_kept() -> None:
    # Given a page sized by a list of ids too long to key a kept cost by
    costs = RequestedCosts()
    document = "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }"
    ids = [f"id-{number}" for number in range(100)]
    # When it is priced
    estimate = costs.of(SCHEMA, document, parse(document), None, {"ids": ids})
    # Then it is priced by its ids, and not kept
    assert (estimate, len(costs)) == (100, 0)


def test_actual_cost_counts_returned_objects() -> None:
    assert actual_cost({"members": {"nodes": [{"name": "a"}, {"name": "b"}]}}) == 3


def test_actual_cost_counts_objects_in_lists_of_lists() -> None:
    data: dict[str, object] = {"grid": [[{"x": 1}], [{"y": {"z": 2.5}}, None]], "n": "s"}
    assert actual_cost(data) == 3


async def test_the_bucket_refills_over_time() -> None:
    now = [0.0]
    throttle = Throttle(capacity=100, restore_rate=10, clock=lambda: now[0])
    assert (await throttle.try_take("a", 80))[0]
    assert not (await throttle.try_take("a", 30))[0]
    now[0] = 1.0
    assert (await throttle.try_take("a", 30))[0]
    assert await throttle.available("b") == 100


async def test_a_query_over_the_ceiling_is_refused_before_it_runs(
    client: httpx.AsyncClient, world: World
) -> None:
    document = "{ organizations(first: 100) { nodes { children(first: 100) { nodes { name } } } } }"
    body = await execute(client, document, token=world.tokens["admin"])
    assert error_codes(body) == ["MAX_COST_EXCEEDED"]
    assert "fewer items" in body["errors"][0]["message"]
    assert body.get("data") is None


async def test_a_client_with_an_empty_bucket_is_rate_limited(
    client: httpx.AsyncClient, app: Starlette, world: World
) -> None:
    document = "{ organizations(first: 100) { nodes { children(first: 7) { nodes { name } } } } }"
    assert cost(document) == 901
    throttle = app.state.services.throttle
    assert (await throttle.try_take(f"account:{world.accounts['admin'].id}", 1500))[0]
    body = await execute(client, document, token=world.tokens["admin"])
    assert error_codes(body) == ["RATE_LIMITED"]
    assert "retry in" in body["errors"][0]["message"]
    other = await execute(client, document, token=world.tokens["secretary"])
    assert "errors" not in other


@pytest.mark.multiprocess
async def test_instances_sharing_redis_share_one_cost_bucket(
    settings: Settings, world: World, private_redis: PrivateRedis
) -> None:
    # Given two instances counting in one Redis, and a query costing 901 of the 2000 points
    await private_redis.start()
    settings.rate_limit_url = private_redis.url
    settings.cost_restore_rate = 1
    document = "{ organizations(first: 100) { nodes { children(first: 7) { nodes { name } } } } }"
    async with served(settings) as first, served(settings) as second:
        # When the admin spends 1500 points on the first instance
        spent = await first.state.services.throttle.try_take(
            f"account:{world.accounts['admin'].id}", 1500
        )
        # Then the second instance has only what is left to give
        async with client_from(second) as http:
            body = await execute(http, document, token=world.tokens["admin"])

    assert spent[0]
    assert error_codes(body) == ["RATE_LIMITED"]
    assert body["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] < 600


async def test_queries_are_not_refused_when_redis_is_down(settings: Settings, world: World) -> None:
    settings.rate_limit_url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    async with served(settings) as app, client_from(app) as http:
        body = await execute(http, "{ organizations { totalCount } }", token=world.tokens["admin"])

    # Fail open: the query runs, and its cost is still reported in Shopify's shape
    assert "errors" not in body
    assert body["extensions"]["cost"]["throttleStatus"]["maximumAvailable"] == 2000
