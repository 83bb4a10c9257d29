"""Documents are parsed and validated once per distinct text; the limits hold on every repeat."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import strawberry.schema.schema
from graphql import parse
from strawberry.schema.schema import validate_document

import transport.documents
from tests.graphql import error_codes, execute
from tests.world import World
from transport.documents import DocumentCache

ORGANIZATIONS = "{ organizations(first: 2) { totalCount nodes { name } } }"
TOO_DEEP = "{ organizations { nodes { " + "parent { " * 12 + "name" + " }" * 12 + " } } }"
UNKNOWN_FIELD = "{ organizations { nodes { noSuchField } } }"


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often the document preparation parses and validates."""
    counted: Counter[str] = Counter()

    def counting(name: str, work: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counted[name] += 1
            return work(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(strawberry.schema.schema, "parse", counting("parse", parse))
    monkeypatch.setattr(
        transport.documents, "validate_document", counting("validate", validate_document)
    )
    return counted


async def test_a_repeated_document_is_parsed_and_validated_once(
    client: httpx.AsyncClient, world: World, calls: Counter[str]
) -> None:
    # given a document the server has answered once
    first = await execute(client, ORGANIZATIONS, token=world.tokens["admin"])
    # when the same text comes again, from another client
    again = await execute(client, ORGANIZATIONS, token=world.tokens["partner"])
    # then it was parsed and validated only the first time, and both were answered
    assert calls == Counter({"parse": 1, "validate": 1})
    assert first["data"]["organizations"]["totalCount"] == 10
    assert again["data"]["organizations"]["totalCount"] == 5


@pytest.mark.parametrize(
    ("document", "message"),
    [(TOO_DEEP, "levels deep"), (UNKNOWN_FIELD, "noSuchField")],
)
async def test_a_refused_document_is_refused_again_and_never_kept(
    client: httpx.AsyncClient, world: World, calls: Counter[str], document: str, message: str
) -> None:
    # given a document that breaks a rule or a limit, refused once
    await execute(client, document, token=world.tokens["admin"])
    # when it is sent again
    body = await execute(client, document, token=world.tokens["admin"])
    # then it is parsed (and refused) again: only valid documents are kept
    assert message in body["errors"][0]["message"]
    assert error_codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    assert calls["parse"] == 2


def test_the_cache_drops_the_least_recently_used_document() -> None:
    # given a cache of two documents, the first of them used again
    cache = DocumentCache(2)
    for text in ("{ a }", "{ b }"):
        cache.put(text, parse(text))
    cache.get("{ a }")
    # when a third is added
    cache.put("{ c }", parse("{ c }"))
    # then the one unused for longest is gone
    assert cache.get("{ b }") is None
    assert cache.get("{ a }") is not None
    assert len(cache) == 2


ELEVEN_ALIASES = "{ " + " ".join(f"a{i}: __typename" for i in range(11)) + " }"


async def test_anonymous_clients_have_tighter_limits_than_signed_in_ones(
    client: httpx.AsyncClient, world: World
) -> None:
    # given a document within the signed-in limits but over the anonymous ones
    signed_in = await execute(client, ELEVEN_ALIASES, token=world.tokens["admin"])
    # when an anonymous client sends the same text (already checked and kept for another)
    anonymous = await execute(client, ELEVEN_ALIASES)
    # then it is refused to the anonymous client only, saying which limit
    assert "errors" not in signed_in
    assert error_codes(anonymous) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "over the limit of 10" in anonymous["errors"][0]["message"]


async def test_several_operations_without_an_operation_name_are_refused(
    client: httpx.AsyncClient,
) -> None:
    # Strawberry on its own would run the first; the spec says the client must choose
    response = await client.post(
        "/graphql", json={"query": "query A { __typename } query B { __typename }"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    chosen = await client.post(
        "/graphql",
        json={"query": "query A { __typename } query B { __typename }", "operationName": "B"},
    )
    assert chosen.json()["data"] == {"__typename": "Query"}


async def test_fields_repeated_beyond_the_merge_budget_are_refused_quickly(
    client: httpx.AsyncClient, world: World
) -> None:
    # a thousand `viewer { username }` side by side cost graphql-core seconds to compare
    document = "{" + " viewer { username }" * 1000 + " }"
    # CPU time of this process: what the document costs, however busy the machine is
    started = time.process_time()
    body = await execute(client, document, token=world.tokens["admin"])
    assert time.process_time() - started < 0.5
    assert error_codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "select each field once" in body["errors"][0]["message"]


async def test_an_int_literal_out_of_range_is_bad_input_like_a_variable(
    client: httpx.AsyncClient, world: World
) -> None:
    body = await execute(
        client, "{ organizations(first: 99999999999) { totalCount } }", token=world.tokens["admin"]
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]
