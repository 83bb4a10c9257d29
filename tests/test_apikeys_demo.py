"""The demo's API keys: the district bureau's key in use and an old one revoked, listed by the
demo administrator, written once however often the demo starts."""

from __future__ import annotations

import httpx

from db.engine import Database
from generators.demo.seed import seed_demo
from tests.graphql import execute
from tests.test_co_building_demo import token

KEYS = "{ apiKeys(includeRevoked: true) { totalCount nodes { name useCount revokedAt organization { name } } } }"


async def test_the_demo_lists_a_key_in_use_and_a_revoked_one(
    client: httpx.AsyncClient, database: Database
) -> None:
    # given the demo seeded twice (the second start writes nothing more)
    await seed_demo(database, members=300, petitions=50, history_days=2)
    await seed_demo(database, members=300, petitions=50, history_days=2)

    # when its administrator lists the keys
    body = await execute(client, KEYS, token=await token(client, "admin"))

    # then one is in use and one revoked, both the district's
    keys = body["data"]["apiKeys"]
    assert keys["totalCount"] == 2
    assert sorted(key["revokedAt"] is None for key in keys["nodes"]) == [False, True]
    assert all(key["useCount"] > 0 for key in keys["nodes"])
    assert len({key["organization"]["name"] for key in keys["nodes"]}) == 1
