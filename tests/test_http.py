"""GraphQL over HTTP: methods, media types and status codes; guards; health endpoints."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from bench.cycles import post_directly, saved_garbage
from bench.pages import MEMBER_LIST, PETITION_LIST
from tests.graphql import error_codes, execute
from tests.world import World

GRAPHQL_RESPONSE = "application/graphql-response+json"


async def test_post_answers_json_by_default(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": "{ __typename }"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["data"] == {"__typename": "Query"}


async def test_post_answers_graphql_response_json_when_asked(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"Accept": GRAPHQL_RESPONSE}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)


async def test_unparsable_document_is_400_with_graphql_response_json(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/graphql", json={"query": "{ viewer "}, headers={"Accept": GRAPHQL_RESPONSE}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"


async def test_invalid_document_is_400_with_graphql_response_json(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/graphql", json={"query": "{ noSuchField }"}, headers={"Accept": GRAPHQL_RESPONSE}
    )
    assert response.status_code == 400


async def test_invalid_document_is_200_with_plain_json(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": "{ noSuchField }"})
    assert response.status_code == 200
    assert "data" not in response.json() or response.json()["data"] is None


async def test_variables_that_do_not_coerce_are_400_bad_user_input_naming_the_value(
    client: httpx.AsyncClient,
) -> None:
    # given a variable of an enum type holding a value the enum does not have
    document = "query ($s: [MemberStatus!]) { members(filter: {statuses: $s}) { totalCount } }"
    # when it is sent
    response = await client.post(
        "/graphql",
        json={"query": document, "variables": {"s": ["EXITED"]}},
        headers={"Accept": GRAPHQL_RESPONSE},
    )
    # then it is the client's mistake, said plainly, and nothing ran
    assert response.status_code == 400
    body = response.json()
    assert "data" not in body
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "EXITED" in body["errors"][0]["message"]


async def test_field_errors_are_200_even_with_graphql_response_json(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/graphql", json={"query": "{ viewer { username } }"}, headers={"Accept": GRAPHQL_RESPONSE}
    )
    assert response.status_code == 200
    assert error_codes(response.json()) == ["UNAUTHENTICATED"]


async def test_get_runs_queries(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params={"query": "{ __typename }"})
    assert response.json()["data"] == {"__typename": "Query"}


async def test_get_refuses_mutations(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/graphql",
        params={"query": 'mutation { login(input: {username: "a", password: "b"}) { token } }'},
    )
    assert response.status_code in (400, 405)


async def test_graphiql_is_served_to_browsers(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_login_issues_a_token_that_works(client: httpx.AsyncClient, world: World) -> None:
    from tests.factories import PASSWORD

    body = await execute(
        client,
        'mutation ($p: String!) { login(input: {username: "secretary", password: $p}) { token viewer { username roles { role organization { name } } } } }',
        {"p": PASSWORD},
    )
    login = body["data"]["login"]
    assert login["viewer"]["roles"] == [
        {"role": "SECRETARY", "organization": {"name": "A社区党委"}}
    ]
    viewer = await execute(client, "{ viewer { username } }", token=login["token"])
    assert viewer["data"]["viewer"]["username"] == "secretary"


async def test_login_with_a_wrong_password_is_unauthenticated(
    client: httpx.AsyncClient, world: World
) -> None:
    body = await execute(
        client, 'mutation { login(input: {username: "secretary", password: "nope"}) { token } }'
    )
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_too_deep_documents_are_refused(client: httpx.AsyncClient, world: World) -> None:
    deep = "{ organizations { nodes { " + "parent { " * 12 + "name" + " }" * 12 + " } } }"
    body = await execute(client, deep, token=world.tokens["admin"])
    assert "14 levels deep, over the limit of 12" in body["errors"][0]["message"]
    assert error_codes(body) == ["GRAPHQL_VALIDATION_FAILED"]


async def test_too_many_aliases_are_refused(client: httpx.AsyncClient, world: World) -> None:
    aliases = " ".join(f"a{i}: __typename" for i in range(31))
    body = await execute(client, "{ " + aliases + " }", token=world.tokens["admin"])
    assert error_codes(body) == ["GRAPHQL_VALIDATION_FAILED"]


async def test_too_many_tokens_are_refused(client: httpx.AsyncClient, world: World) -> None:
    body = await execute(client, "{ " + "__typename " * 6000 + "}", token=world.tokens["admin"])
    assert error_codes(body) == ["GRAPHQL_PARSE_FAILED"]


async def test_bad_global_id_names_the_argument(client: httpx.AsyncClient, world: World) -> None:
    body = await execute(client, '{ organization(id: "!!") { name } }', token=world.tokens["admin"])
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "id"}


async def test_internal_errors_are_masked(
    client: httpx.AsyncClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    import schema.organizations.queries

    async def explode(*_args: object) -> None:
        raise RuntimeError("secret connection string postgres://user:pw@host")

    monkeypatch.setattr(schema.organizations.queries, "resolve_organizations", explode)
    body = await execute(client, "{ organizations { totalCount } }", token=world.tokens["admin"])
    assert error_codes(body) == ["INTERNAL"]
    assert "postgres" not in str(body)


async def test_healthz(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200


async def test_readyz_reports_database_and_broadcast(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"database": True, "broadcast": True}


async def test_cost_is_reported_in_extensions(client: httpx.AsyncClient, world: World) -> None:
    body = await execute(
        client,
        "{ members(first: 5) { nodes { name branch { name } } } }",
        token=world.tokens["admin"],
    )
    cost = body["extensions"]["cost"]
    assert cost["requestedQueryCost"] == 1 + 5 * 2
    assert cost["actualQueryCost"] == 1 + 4 * 2
    assert cost["throttleStatus"]["maximumAvailable"] == 2000


async def test_metrics_count_operations_and_show_the_event_path(
    client: httpx.AsyncClient, world: World
) -> None:
    await execute(client, "{ organizations { totalCount } }", token=world.tokens["admin"])
    await execute(client, "{ organizations { totalCount } }")
    text = (await client.get("/metrics")).text
    assert 'zhdj_graphql_operations_total{outcome="ok",type="query"} 1.0' in text
    assert 'zhdj_graphql_operations_total{outcome="UNAUTHENTICATED",type="query"} 1.0' in text
    assert "zhdj_events_streams 0.0" in text
    assert "zhdj_events_broadcast_connected 1.0" in text


@pytest.mark.parametrize("document", [MEMBER_LIST, PETITION_LIST], ids=["members", "petitions"])
async def test_page_requests_leave_no_objects_in_reference_cycles(
    document: str, app: Starlette, world: World
) -> None:
    # given a typical page, asked once (caches and pools warm)
    body = {"query": document, "variables": {"id": world.org_id("community_a")}}
    token = world.tokens["admin"]
    first = await post_directly(app, body, token)
    assert first[0]["status"] == 200
    assert b'"errors"' not in first[1]["body"]
    # when it is asked again five times with the garbage collector off
    with saved_garbage() as garbage:
        for _ in range(5):
            await post_directly(app, body, token)
    # then the collection afterwards finds nothing in reference cycles: every request's
    # objects (loaders and their caches, graphql-core's executor) were freed when it ended
    assert [type(thing).__qualname__ for thing in garbage] == []
