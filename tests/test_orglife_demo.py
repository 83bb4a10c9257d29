"""The demo's organisational life: the `member` account is a party member of 锦绣社区's own."""

from __future__ import annotations

import httpx

from db.engine import Database
from generators.demo.seed import seed_demo
from tests.graphql import error_codes, execute
from tests.test_co_building_demo import token

OWN = "{ viewer { displayName member { name branch { name }} } }"


async def test_the_demo_member_account_is_a_member_of_the_demo_community(
    client: httpx.AsyncClient, database: Database
) -> None:
    # given the demo seeded twice (the second start writes nothing more)
    await seed_demo(database, members=300, petitions=50, history_days=2)
    await seed_demo(database, members=300, petitions=50, history_days=2)
    member = await token(client, "member")
    # when the member account asks for its own record, and for the members list
    own = await execute(client, OWN, token=member)
    others = await execute(client, "{ members { totalCount } }", token=member)
    # then it is a member of a branch of 锦绣社区, named in the account, and sees no one else
    record = own["data"]["viewer"]["member"]
    assert own["data"]["viewer"]["displayName"].startswith(record["name"])
    assert "锦绣社区" in own["data"]["viewer"]["displayName"]
    assert record["branch"]["name"]
    assert error_codes(others) == ["FORBIDDEN"]
