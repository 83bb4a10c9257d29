"""A party member's own account (the `member` role): it reads its own record and nothing of any
other member's; secretaries keep their subtree powers over it."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from db.accounts.models import Role
from db.engine import Database
from resolvers.access import Binding, Permission, Viewer
from resolvers.errors import Forbidden
from tests.factories import bind_member, create_account, token_for
from tests.graphql import error_codes, execute
from tests.world import World

OWN = "{ viewer { roles { role organization { name } } member { id name idCardNumber } } }"
MEMBER = "query ($id: ID!) { member(id: $id) { id name } node(id: $id) { id } }"


@pytest.fixture
async def member_token(app: Starlette, database: Database, world: World) -> str:
    """The token of m1's own account (m1 is in grid_a1, with m2)."""
    async with database.transaction() as session:
        account = await create_account(session, username="m1self")
        await bind_member(session, account, world.members["m1"])
    return token_for(app.state.services.tokens, account)


async def test_a_member_reads_their_own_record_unmasked(
    client: httpx.AsyncClient, world: World, member_token: str
) -> None:
    # given m1's own account; when it asks for its viewer
    body = await execute(client, OWN, token=member_token)
    # then its record is there, personal data unmasked, and it holds the member role on its branch
    viewer = body["data"]["viewer"]
    assert viewer["member"]["id"] == world.member_id("m1")
    assert viewer["member"]["idCardNumber"] == world.members["m1"].id_card_number
    assert viewer["roles"] == [
        {"role": "MEMBER", "organization": {"name": world.orgs["grid_a1"].name}}
    ]


async def test_a_member_reads_their_own_record_by_id(
    client: httpx.AsyncClient, world: World, member_token: str
) -> None:
    # given m1's own account; when it looks itself up
    body = await execute(client, MEMBER, {"id": world.member_id("m1")}, token=member_token)
    # then it finds itself in both lookups
    assert body["data"]["member"]["id"] == world.member_id("m1")
    assert body["data"]["node"]["id"] == world.member_id("m1")


async def test_a_member_sees_nothing_of_another_member_of_their_branch(
    client: httpx.AsyncClient, world: World, member_token: str
) -> None:
    # given m1's own account; when it looks up m2, of the same branch
    body = await execute(client, MEMBER, {"id": world.member_id("m2")}, token=member_token)
    # then it gets nothing
    assert body["data"] == {"member": None, "node": None}


async def test_a_member_may_not_list_members(client: httpx.AsyncClient, member_token: str) -> None:
    # given m1's own account; when it lists members
    body = await execute(client, "{ members { totalCount } }", token=member_token)
    # then it is refused
    assert error_codes(body) == ["FORBIDDEN"]


async def test_the_secretary_keeps_reading_the_member(
    client: httpx.AsyncClient, world: World, member_token: str
) -> None:
    # given m1 has an account of its own; when the community's secretary looks m1 up
    body = await execute(
        client, MEMBER, {"id": world.member_id("m1")}, token=world.tokens["secretary"]
    )
    # then the secretary still reads it
    assert body["data"]["member"]["id"] == world.member_id("m1")


async def test_an_account_that_is_no_member_has_no_member_record(
    client: httpx.AsyncClient, world: World
) -> None:
    # given the secretary's account, no member's own; when it asks for its member record
    body = await execute(client, "{ viewer { member { id } } }", token=world.tokens["secretary"])
    # then there is none
    assert body["data"]["viewer"]["member"] is None


def test_member_self_access_is_the_member_or_the_permission_over_their_branch() -> None:
    # given a member's own viewer (member 7 of branch /1/2/) and a secretary of /1/
    member = Viewer(
        account_id=1, bindings=(Binding(Role.MEMBER, 2, "/1/2/"),), member_id=7, member_path="/1/2/"
    )
    secretary = Viewer(account_id=2, bindings=(Binding(Role.SECRETARY, 1, "/1/"),))
    # then each acts for member 7, and only the secretary for member 8 of the same branch
    assert member.acts_for_member(Permission.READ_MEMBERS, 7, "/1/2/")
    assert not member.acts_for_member(Permission.READ_MEMBERS, 8, "/1/2/")
    assert secretary.acts_for_member(Permission.READ_MEMBERS, 8, "/1/2/")
    with pytest.raises(Forbidden):
        member.require_for_member(Permission.WRITE_MEMBERS, 8, "/1/2/", action="edit")
