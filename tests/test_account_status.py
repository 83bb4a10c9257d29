"""Disabling an account: an administrator over all its roles may; its tokens stop working."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from db.accounts.models import Role
from db.engine import Database
from tests.factories import create_account, token_for
from tests.graphql import error_codes, execute
from tests.world import World

SET = """
mutation ($username: String!, $active: Boolean!) {
  setAccountActive(input: {username: $username, active: $active}) { username active changed }
}
"""
VIEWER = "query { viewer { username } }"
ORGANIZATIONS = "query { organizations(first: 1) { totalCount } }"


async def test_a_disabled_account_s_token_is_refused_and_works_again_once_enabled(
    client: httpx.AsyncClient, world: World
) -> None:
    admin, secretary = world.tokens["admin"], world.tokens["secretary"]

    disabled = await execute(client, SET, {"username": "secretary", "active": False}, token=admin)
    refused = await execute(client, ORGANIZATIONS, token=secretary)
    await execute(client, SET, {"username": "secretary", "active": True}, token=admin)
    again = await execute(client, ORGANIZATIONS, token=secretary)

    assert disabled["data"]["setAccountActive"] == {
        "username": "secretary",
        "active": False,
        "changed": True,
    }
    assert error_codes(refused) == ["UNAUTHENTICATED"]
    assert "account disabled" in refused["errors"][0]["message"]
    assert "errors" not in again, again


async def test_an_administrator_cannot_disable_an_account_with_roles_outside_their_subtree(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    async with database.transaction() as session:
        admin_b = await create_account(session, [(Role.ADMINISTRATOR, world.orgs["district_b"])])
    token = token_for(app.state.services.tokens, admin_b)

    body = await execute(client, SET, {"username": "secretary", "active": False}, token=token)

    assert error_codes(body) == ["FORBIDDEN"]


async def test_only_administrators_disable_accounts(
    client: httpx.AsyncClient, world: World
) -> None:
    body = await execute(
        client, SET, {"username": "resident", "active": False}, token=world.tokens["secretary"]
    )

    assert error_codes(body) == ["FORBIDDEN"]
    assert body["errors"][0]["extensions"]["permission"] == "administrator"


async def test_an_administrator_cannot_disable_themself(
    client: httpx.AsyncClient, world: World
) -> None:
    body = await execute(
        client, SET, {"username": "admin", "active": False}, token=world.tokens["admin"]
    )

    assert error_codes(body) == ["FORBIDDEN"]
