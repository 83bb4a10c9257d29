"""Values outside what the database holds are BAD_USER_INPUT, named, wherever they are sent:
IDs (global IDs whose number is huge, zero or negative), cursors, dates and search text."""

from __future__ import annotations

import base64

import httpx
import pytest

from resolvers.pagination import encode_cursor
from resolvers.validation import MAX_KEY, parse_key
from tests.graphql import error_codes, execute
from tests.world import World

HUGE = 2**63


def global_id(type_name: str, key: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{key}".encode()).decode()


def raw_cursor(key: int) -> str:
    return base64.urlsafe_b64encode(f"cursor:{key}".encode()).decode()


ORG = global_id("Organization", HUGE)
# Each document takes the bad value as $v.
ID_DOCUMENTS = {
    "node": ("query ($v: ID!) { node(id: $v) { id } }", global_id("Member", HUGE)),
    "nodes": ("query ($v: ID!) { nodes(ids: [$v]) { id } }", global_id("Petition", HUGE)),
    "organization": ("query ($v: ID!) { organization(id: $v) { id } }", ORG),
    "member": ("query ($v: ID!) { member(id: $v) { id } }", global_id("Member", HUGE)),
    "petition": ("query ($v: ID!) { petition(id: $v) { id } }", global_id("Petition", HUGE)),
    "station": ("query ($v: ID!) { station(id: $v) { id } }", global_id("Station", HUGE)),
    "organizations.under": (
        "query ($v: ID) { organizations(filter: {under: $v}) { totalCount } }",
        ORG,
    ),
    "members.under": ("query ($v: ID) { members(filter: {under: $v}) { totalCount } }", ORG),
    "petitions.under": ("query ($v: ID) { petitions(filter: {under: $v}) { totalCount } }", ORG),
    "petitions.categoryIds": (
        "query ($v: ID!) { petitions(filter: {categoryIds: [$v]}) { totalCount } }",
        global_id("PetitionCategory", HUGE),
    ),
    "stations.under": ("query ($v: ID) { stations(filter: {under: $v}) { totalCount } }", ORG),
    "stationMap.under": ("query ($v: ID) { stationMap(filter: {under: $v}) }", ORG),
    "recentEvents.under": ("query ($v: ID) { recentEvents(under: $v) { cursor } }", ORG),
    "petitionStatistics.under": (
        "query ($v: ID!) { petitionStatistics(under: $v) { total } }",
        ORG,
    ),
    "petitionHotTopics.under": ("query ($v: ID!) { petitionHotTopics(under: $v) { word } }", ORG),
    "negative id": ("query ($v: ID!) { node(id: $v) { id } }", global_id("Organization", -5)),
    "zero id": ("query ($v: ID!) { node(id: $v) { id } }", global_id("Organization", 0)),
}
CURSOR_DOCUMENTS = {
    **{
        f"{field}.{side}": (
            f"query ($v: String) {{ {field}({side}: $v, {'last' if side == 'before' else 'first'}: 2) "
            "{ totalCount } }",
            raw_cursor(HUGE),
        )
        for field in ("organizations", "members", "petitions", "stations")
        for side in ("after", "before")
    },
    "children.after": (
        "query ($v: String) { organizations(first: 1) { nodes { children(after: $v) "
        "{ totalCount } } } }",
        raw_cursor(HUGE),
    ),
    "negative cursor": (
        "query ($v: String) { petitions(after: $v) { totalCount } }",
        raw_cursor(-1),
    ),
}
TOP_CURSOR = "query ($v: String) { organizations(after: $v) { totalCount nodes { id } } }"


@pytest.mark.parametrize(("document", "value"), ID_DOCUMENTS.values(), ids=ID_DOCUMENTS.keys())
async def test_an_id_the_database_cannot_hold_is_bad_input(
    client: httpx.AsyncClient, world: World, document: str, value: str
) -> None:
    body = await execute(client, document, {"v": value}, token=world.tokens["admin"])
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "not a zhdj ID" in body["errors"][0]["message"]


@pytest.mark.parametrize(
    ("document", "value"), CURSOR_DOCUMENTS.values(), ids=CURSOR_DOCUMENTS.keys()
)
async def test_a_cursor_the_database_cannot_hold_is_bad_input(
    client: httpx.AsyncClient, world: World, document: str, value: str
) -> None:
    body = await execute(client, document, {"v": value}, token=world.tokens["admin"])
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] in ("after", "before")


async def test_a_cursor_at_the_top_of_the_range_still_pages(
    client: httpx.AsyncClient, world: World
) -> None:
    body = await execute(
        client, TOP_CURSOR, {"v": encode_cursor(MAX_KEY)}, token=world.tokens["admin"]
    )
    assert "errors" not in body
    assert body["data"]["organizations"]["nodes"] == []


@pytest.mark.parametrize("text", ["", "-1", "+1", " 1", "1_000", "١٢", "9" * 20, str(2**63)])
def test_keys_are_ascii_digits_within_the_database_range(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - callers turn it into BAD_USER_INPUT
        parse_key(text)


DATE_DOCUMENTS = {
    "statistics.until": "query ($o: ID!, $v: Date) { petitionStatistics(under: $o, until: $v) { total } }",
    "hotTopics.until": "query ($o: ID!, $v: Date) { petitionHotTopics(under: $o, until: $v) { word } }",
    "petitions.since": "query ($o: ID, $v: Date) { petitions(filter: {under: $o, since: $v}) { totalCount } }",
    "petitions.until": "query ($o: ID, $v: Date) { petitions(filter: {under: $o, until: $v}) { totalCount } }",
}


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "3000-01-01"])
@pytest.mark.parametrize("document", DATE_DOCUMENTS.values(), ids=DATE_DOCUMENTS.keys())
async def test_a_date_outside_the_sane_range_is_bad_input(
    client: httpx.AsyncClient, world: World, document: str, day: str
) -> None:
    variables = {"o": world.org_id("city"), "v": day}
    body = await execute(client, document, variables, token=world.tokens["admin"])
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "between 1900-01-01 and 2100-12-31" in body["errors"][0]["message"]


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ("query ($s: String) { petitions(filter: {search: $s}) { totalCount } }", "search"),
        (
            "query ($s: String) { organizations(filter: {nameContains: $s}) { totalCount } }",
            "nameContains",
        ),
        (
            "query ($s: String) { members(filter: {nameContains: $s}) { totalCount } }",
            "nameContains",
        ),
        (
            "query ($s: String) { stations(filter: {nameContains: $s}) { totalCount } }",
            "nameContains",
        ),
    ],
)
async def test_a_long_search_is_bounded(
    client: httpx.AsyncClient, world: World, document: str, field: str
) -> None:
    # Given a search longer than any words worth looking for (SQLite refuses LIKE patterns
    # past 50,000 bytes; PostgreSQL would scan with it)
    body = await execute(client, document, {"s": "%_" * 30_000}, token=world.tokens["admin"])
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] == field
