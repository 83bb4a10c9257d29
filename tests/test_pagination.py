"""Cursor connections: forwards, backwards, stable under inserts, size limits."""

from __future__ import annotations

import httpx

from db.engine import Database
from tests.factories import create_member
from tests.graphql import error_codes, execute
from tests.world import World

PAGE = """
query ($first: Int, $after: String, $last: Int, $before: String) {
  members(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { name } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


async def add_members(database: Database, world: World, n: int) -> list[str]:
    async with database.transaction() as session:
        rows = [await create_member(session, world.orgs["grid_a1"]) for _ in range(n)]
    return [row.name for row in rows]


async def page(client: httpx.AsyncClient, world: World, **variables: object) -> dict:  # type: ignore[type-arg]
    body = await execute(client, PAGE, variables, token=world.tokens["admin"])
    return body["data"]["members"]  # type: ignore[no-any-return]


def names(connection: dict) -> list[str]:  # type: ignore[type-arg]
    return [edge["node"]["name"] for edge in connection["edges"]]


async def test_forward_pages_cover_the_list_once(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    await add_members(database, world, 8)
    seen: list[str] = []
    after = None
    while True:
        connection = await page(client, world, first=5, after=after)
        seen += names(connection)
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == 12


async def test_backward_pages_cover_the_list_once(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    await add_members(database, world, 8)
    seen: list[str] = []
    before = None
    while True:
        connection = await page(client, world, last=5, before=before)
        seen = names(connection) + seen
        if not connection["pageInfo"]["hasPreviousPage"]:
            break
        before = connection["pageInfo"]["startCursor"]
    forwards = names(await page(client, world, first=100))
    assert seen == forwards


async def test_pages_are_stable_under_inserts(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    first = await page(client, world, first=3)
    await add_members(database, world, 5)
    second = await page(client, world, first=3, after=first["pageInfo"]["endCursor"])
    everything = names(await page(client, world, first=100))
    assert names(first) + names(second) == everything[:6]
    assert second["totalCount"] == 9


async def test_default_page_size_is_twenty(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    await add_members(database, world, 30)
    connection = await page(client, world)
    assert len(connection["edges"]) == 20
    assert connection["pageInfo"]["hasNextPage"] is True


async def test_more_than_one_hundred_is_refused(client: httpx.AsyncClient, world: World) -> None:
    body = await execute(client, PAGE, {"first": 101}, token=world.tokens["admin"])
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "first"}


async def test_first_and_last_together_are_refused(client: httpx.AsyncClient, world: World) -> None:
    body = await execute(client, PAGE, {"first": 1, "last": 1}, token=world.tokens["admin"])
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_a_foreign_cursor_is_refused(client: httpx.AsyncClient, world: World) -> None:
    body = await execute(client, PAGE, {"after": "not-a-cursor"}, token=world.tokens["admin"])
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "after"}
