"""Documents generated from the served schema (hypothesis-graphql): queries as every kind of
viewer, mutations as an administrator on this test's throwaway database. Every answer is
JSON with a 2xx/4xx status and a stable code on each error, never INTERNAL, and the server is
alive afterwards.

The default run is short and derandomized, so CI sees the same documents each time; the
`fuzz` marker runs many more (`pytest -m fuzz tests/test_fuzz.py`).
"""

from __future__ import annotations

from datetime import UTC, date, time

import graphql
import httpx
import hypothesis
import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from hypothesis_graphql import mutations, queries

from resolvers.errors import ErrorCode
from server import Settings
from tests.world import World
from transport.schema import build_schema

SCHEMA = build_schema()._schema
STABLE_CODES = {code.value for code in ErrorCode} - {ErrorCode.INTERNAL.value}
VIEWERS = [None, "admin", "secretary", "grid_worker", "station_staff", "resident", "partner"]
SHORT = hypothesis.settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
LONG = hypothesis.settings(SHORT, max_examples=2000)


def _string(text: str) -> graphql.StringValueNode:
    return graphql.StringValueNode(value=text)


# Dates across the whole calendar (most outside what zhdj accepts), as clients would send them.
SCALARS = {
    "Date": st.dates(min_value=date(1, 1, 1)).map(lambda day: _string(day.isoformat())),
    "DateTime": st.datetimes(timezones=st.just(UTC)).map(lambda at: _string(at.isoformat())),
    "Time": st.times().map(lambda at: _string(time.isoformat(at))),
    "JSON": st.just(_string("{}")),
}
QUERIES = queries(SCHEMA, custom_scalars=SCALARS)
MUTATIONS = mutations(
    SCHEMA,
    # Sign-in has tests of its own (and would spend the test's sign-in budget).
    fields=[name for name in SCHEMA.mutation_type.fields if name != "login"]
    if SCHEMA.mutation_type
    else None,
    custom_scalars=SCALARS,
)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The cost budget would refuse most documents after the first few: raise it (the
    per-request ceiling stays)."""
    settings.cost_bucket_size = 10**9
    settings.cost_restore_rate = 10**9
    return settings


async def check(client: httpx.AsyncClient, document: str, token: str | None) -> None:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await client.post("/graphql", json={"query": document}, headers=headers)
    assert 200 <= response.status_code < 500, (response.status_code, document, response.text)
    body = response.json()
    assert isinstance(body, dict), document
    for error in body.get("errors", []):
        code = error.get("extensions", {}).get("code")
        assert code in STABLE_CODES, (code, error.get("message"), document)


async def alive(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200


@SHORT
@given(document=QUERIES, viewer=st.sampled_from(VIEWERS))
async def test_generated_queries_get_coded_answers(
    client: httpx.AsyncClient, world: World, document: str, viewer: str | None
) -> None:
    await check(client, document, world.tokens[viewer] if viewer else None)
    await alive(client)


@SHORT
@given(document=MUTATIONS)
async def test_generated_mutations_get_coded_answers(
    client: httpx.AsyncClient, world: World, document: str
) -> None:
    await check(client, document, world.tokens["admin"])
    await alive(client)


@pytest.mark.fuzz
@pytest.mark.timeout(3600)
@LONG
@given(document=QUERIES, viewer=st.sampled_from(VIEWERS))
async def test_many_generated_queries_get_coded_answers(
    client: httpx.AsyncClient, world: World, document: str, viewer: str | None
) -> None:
    await check(client, document, world.tokens[viewer] if viewer else None)


@pytest.mark.fuzz
@pytest.mark.timeout(3600)
@LONG
@given(document=MUTATIONS)
async def test_many_generated_mutations_get_coded_answers(
    client: httpx.AsyncClient, world: World, document: str
) -> None:
    await check(client, document, world.tokens["admin"])
