"""The petition list's statements, compiled once per shape: a search's wildcards match
themselves, and pages forwards and backwards hold the list in key order."""

from __future__ import annotations

from typing import Any

import httpx

from db.engine import Database
from tests.graphql import execute
from tests.petition_support import insert_petition
from tests.world import World

PETITIONS = """
query ($filter: PetitionFilter, $first: Int, $after: String, $last: Int, $before: String) {
  petitions(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
    totalCount nodes { title } pageInfo { startCursor endCursor }
  }
}
"""


async def test_a_searchs_percent_underscore_and_slash_match_only_themselves(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    for title in ("100%满意", "1000满意", "a_b路灯", "axb路灯", "东/西门", "东西门"):
        await insert_petition(database, world, "submitted", title=title, content="内容")

    async def titles(search: str) -> list[str]:
        body = await execute(
            client, PETITIONS, {"filter": {"search": search}}, token=world.tokens["secretary"]
        )
        return [node["title"] for node in body["data"]["petitions"]["nodes"]]

    assert await titles("0%满") == ["100%满意"]
    assert await titles("a_b") == ["a_b路灯"]
    assert await titles("东/西") == ["东/西门"]


async def test_pages_forwards_and_backwards_hold_the_list_in_order(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    names = [f"诉求{n}" for n in range(5)]
    for name in names:
        await insert_petition(database, world, "submitted", title=name)
    token = world.tokens["secretary"]

    async def page(**slice_: Any) -> dict[str, Any]:
        body = await execute(client, PETITIONS, slice_, token=token)
        found: dict[str, Any] = body["data"]["petitions"]
        return found

    first = await page(first=2)
    after = await page(first=2, after=first["pageInfo"]["endCursor"])
    last = await page(last=2)
    before = await page(last=2, before=last["pageInfo"]["startCursor"])
    assert [node["title"] for node in first["nodes"] + after["nodes"]] == names[:4]
    assert [node["title"] for node in before["nodes"] + last["nodes"]] == names[1:]
    assert {first["totalCount"], after["totalCount"], last["totalCount"]} == {5}
