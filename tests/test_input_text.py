"""Text no database can store (NUL, lone surrogates) is refused before anything runs, naming
the field, on every path: variables, nested input objects and document literals."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.graphql import error_codes, execute
from tests.world import World

SEARCH = "query ($s: String) { petitions(filter: {search: $s}) { totalCount } }"
RENAME = (
    "mutation ($input: UpdateOrganizationInput!) { updateOrganization(input: $input) "
    "{ organization { name } } }"
)
LOGIN = 'mutation ($u: String!) { login(input: {username: $u, password: "x"}) { token } }'


async def test_a_nul_in_a_variable_names_the_argument(
    client: httpx.AsyncClient, world: World
) -> None:
    body = await execute(client, SEARCH, {"s": "停车\x00难"}, token=world.tokens["admin"])
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] == "search"
    assert "NUL" in body["errors"][0]["message"]


async def test_a_nul_in_an_input_object_names_its_field_and_changes_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    grid = world.org_id("grid_a1")
    body = await execute(
        client, RENAME, {"input": {"id": grid, "name": "网格\x00"}}, token=world.tokens["admin"]
    )
    after = await execute(
        client,
        "query ($id: ID!) { organization(id: $id) { name } }",
        {"id": grid},
        token=world.tokens["admin"],
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] == "name"
    assert after["data"]["organization"]["name"] == world.orgs["grid_a1"].name


async def test_a_nul_escape_in_a_document_literal_is_refused(
    client: httpx.AsyncClient, world: World
) -> None:
    document = '{ organizations(filter: {nameContains: "a\\u0000b"}) { totalCount } }'
    body = await execute(client, document, token=world.tokens["admin"])
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] == "nameContains"


async def test_a_nul_in_a_username_is_refused_before_sign_in(client: httpx.AsyncClient) -> None:
    body = await execute(client, LOGIN, {"u": "admin\x00"})
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] == "username"


@pytest.mark.parametrize("escaped", ["\\ud800", "a\\udfffb"])
async def test_a_lone_surrogate_in_the_json_body_is_refused_before_graphql(
    client: httpx.AsyncClient, world: World, escaped: str
) -> None:
    # JSON can carry half of a UTF-16 pair, which is no character and cannot be stored: the
    # body is refused as a whole (transport/bodies.py), before any operation runs
    payload = json.dumps({"query": SEARCH, "variables": {"s": "@"}}).replace("@", escaped)
    response = await client.post(
        "/graphql",
        content=payload,
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {world.tokens['admin']}",
        },
    )
    assert response.status_code == 400
    assert error_codes(response.json()) == ["BAD_REQUEST"]


async def test_a_lone_surrogate_escape_in_a_document_literal_is_refused_as_unparsable(
    client: httpx.AsyncClient, world: World
) -> None:
    # GraphQL's own escape for half a pair is not valid GraphQL: the document does not parse
    document = '{ members(filter: {nameContains: "a\\ud800b"}) { totalCount } }'
    body = await execute(client, document, token=world.tokens["admin"])
    assert error_codes(body) == ["GRAPHQL_PARSE_FAILED"]
