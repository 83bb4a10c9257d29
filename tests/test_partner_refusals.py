"""What a partner (the partner role, or an API key) may read, said plainly: aggregates, the
tree, stations and activities of its scope, and their events; a whole list or stream it may
never read is FORBIDDEN naming the missing permission, for queries and at subscribe time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from db.engine import Database
from tests.apikey_support import create_key
from tests.graphql import error_codes, execute
from tests.petition_support import advance, categories, submit
from tests.world import World
from tests.ws import SubscriptionClient

PETITIONS = "query { petitions(first: 5) { totalCount } }"
MEMBERS = "query { members(first: 5) { totalCount } }"
STATISTICS = "query ($under: ID!) { petitionStatistics(under: $under) { total } }"
EVENTS = "subscription ($types: [EventType!]) { events(types: $types) { cursor type } }"
PETITION_STEPS = """
subscription {
  events(types: [PETITION_TRANSITIONED]) {
    type changes
    payload { subjectId organizationId
              ... on PetitionStepEventPayload { action fromStatus toStatus categoryId } }
    ... on PetitionEvent { petition { id title contactPhone } }
  }
}
"""
RENAME = "mutation ($id: ID!, $name: String!) { updateOrganization(input: {id: $id, name: $name}) { organization { id } } }"


@pytest.fixture
async def http(live_server: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"http://{live_server}") as client:
        yield client


def _refusal(body: dict[str, Any]) -> tuple[list[str], str | None]:
    return error_codes(body), body["errors"][0]["extensions"].get("permission")


async def _subscription_errors(client: SubscriptionClient) -> list[dict[str, Any]]:
    message = await client.receive()
    assert message["type"] in ("error", "next"), message
    errors: list[dict[str, Any]] = (
        message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    )
    return errors


async def test_a_partner_is_refused_petitions_naming_the_permission(
    client: httpx.AsyncClient, world: World
) -> None:
    body = await execute(client, PETITIONS, token=world.tokens["partner"])

    assert _refusal(body) == (["FORBIDDEN"], "read_petitions")
    assert body["data"] is None


async def test_a_key_without_the_permission_is_refused_members_saying_so(
    client: httpx.AsyncClient, world: World
) -> None:
    key = (await create_key(client, world))["secret"]

    body = await execute(client, MEMBERS, token=key)

    assert _refusal(body) == (["FORBIDDEN"], "read_members")
    assert "this API key" in body["errors"][0]["message"]


async def test_a_partner_reads_the_aggregates_of_its_district(
    client: httpx.AsyncClient, world: World
) -> None:
    body = await execute(
        client, STATISTICS, {"under": world.org_id("district_a")}, token=world.tokens["partner"]
    )

    assert "errors" not in body, body
    assert body["data"]["petitionStatistics"]["total"] == 0


async def test_a_resident_still_lists_their_own_petitions(
    client: httpx.AsyncClient, world: World
) -> None:
    body = await execute(client, PETITIONS, token=world.tokens["resident"])

    assert "errors" not in body, body


async def test_a_partner_s_subscription_to_member_events_is_refused_at_subscribe_time(
    live_server: str, world: World
) -> None:
    client = await SubscriptionClient.open(live_server, token=world.tokens["partner"])
    await client.subscribe(EVENTS, {"types": ["MEMBER_UPDATED"]})

    errors = await _subscription_errors(client)

    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    assert errors[0]["extensions"]["permission"] == "read_members"
    await client.close()


async def test_a_key_limited_to_some_event_kinds_is_refused_the_others(
    live_server: str, http: httpx.AsyncClient, world: World
) -> None:
    key = (await create_key(http, world, eventTypes=["ORGANIZATION"]))["secret"]
    client = await SubscriptionClient.open(live_server, token=key)
    await client.subscribe(EVENTS, {"types": ["STATION_STATUS_CHANGED"]})

    errors = await _subscription_errors(client)

    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    assert errors[0]["extensions"]["permission"] == "read_stations"
    await client.close()


async def test_a_key_receives_the_events_of_its_district(
    live_server: str, http: httpx.AsyncClient, world: World
) -> None:
    key = (await create_key(http, world, eventTypes=["ORGANIZATION"]))["secret"]
    client = await SubscriptionClient.open(live_server, token=key)
    await client.subscribe(
        "subscription { events { type ... on OrganizationEvent { organization { id } } } }"
    )
    for org in ("community_b", "community_a"):  # outside its district, then inside
        renamed = await execute(
            http, RENAME, {"id": world.org_id(org), "name": "新名"}, token=world.tokens["admin"]
        )
        assert "errors" not in renamed, renamed

    payload = await client.next_payload()

    assert payload["data"]["events"] == {
        "type": "ORGANIZATION_UPDATED",
        "organization": {"id": world.org_id("community_a")},
    }
    await client.close()


async def test_a_key_s_mutation_over_a_websocket_is_forbidden(
    live_server: str, http: httpx.AsyncClient, world: World
) -> None:
    key = (await create_key(http, world))["secret"]
    client = await SubscriptionClient.open(live_server, token=key)
    await client.subscribe("mutation { markRemindersRead(input: {all: true}) { unreadCount } }")

    errors = await _subscription_errors(client)

    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
    assert "API keys only read" in errors[0]["message"]
    await client.close()


async def _accepted_petition_event(
    token: str, live_server: str, http: httpx.AsyncClient, world: World, database: Database
) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    """What a subscriber with `token` hears of a petition in district A being accepted."""
    listener = await SubscriptionClient.open(live_server, token=token)
    await listener.subscribe(PETITION_STEPS)
    codes = await categories(database)
    petition = await submit(http, world, codes)
    await advance(http, world, petition["id"], ["accept"])
    payload = await listener.next_payload()
    await listener.close()
    return payload, petition, codes


def _deidentified(petition: dict[str, Any], world: World, codes: dict[str, str]) -> dict[str, Any]:
    return {
        "subjectId": petition["id"],
        "organizationId": world.org_id("grid_a1"),
        "action": "ACCEPT",
        "fromStatus": "SUBMITTED",
        "toStatus": "ACCEPTED",
        "categoryId": codes["PS-FACILITY"],
    }


async def test_a_partner_hears_its_district_s_petition_steps_de_identified(
    live_server: str, http: httpx.AsyncClient, world: World, database: Database
) -> None:
    # When a petition in the partner's district is accepted
    heard, petition, codes = await _accepted_petition_event(
        world.tokens["partner"], live_server, http, world, database
    )

    # Then the partner hears the step typed, and nothing of the petition itself
    assert "errors" not in heard, heard
    event = heard["data"]["events"]
    assert event["payload"] == _deidentified(petition, world, codes)
    assert event["petition"] is None
    assert [text for text in ("楼道", "13812345678") if text in repr(event)] == []


async def test_a_statistics_key_hears_petition_steps_de_identified(
    live_server: str, http: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given a key of district A reading statistics, limited to petition events
    key = (await create_key(http, world, eventTypes=["PETITION"]))["secret"]

    # When a petition there is accepted
    heard, petition, codes = await _accepted_petition_event(key, live_server, http, world, database)

    # Then the key hears it as the partner does
    assert "errors" not in heard, heard
    assert heard["data"]["events"]["payload"] == _deidentified(petition, world, codes)
    assert heard["data"]["events"]["petition"] is None
