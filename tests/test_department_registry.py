"""Registering departments and their staff: administrators of the organisation served only;
names unique; an account acts for one department, and does so from its next request."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from db.engine import Database
from tests.factories import create_account, token_for
from tests.graphql import error_codes, execute
from tests.world import World

REGISTER = """
mutation ($input: RegisterDepartmentInput!) {
  registerDepartment(input: $input) { department { id name kind } }
}
"""
BIND = """
mutation ($input: BindDepartmentAccountInput!) {
  bindDepartmentAccount(input: $input) { department { name } }
}
"""
MINE = "{ viewer { roles { role } } myDispatches(first: 5) { totalCount } }"


def squad(world: World, name: str = "A街道城管中队", at: str = "street_a") -> dict[str, object]:
    values = {"name": name, "kind": "CITY_MANAGEMENT", "organizationId": world.org_id(at)}
    return {"input": values}


async def test_an_administrator_registers_a_department_and_binds_its_staff(
    client: httpx.AsyncClient, app: Starlette, world: World, database: Database
) -> None:
    # Given an account with no role
    async with database.transaction() as session:
        clerk = await create_account(session, username="clerk")
    token = token_for(app.state.services.tokens, clerk)
    # When the administrator registers street A's 城管中队 and binds the account to it
    registered = await execute(client, REGISTER, squad(world), token=world.tokens["admin"])
    assert "errors" not in registered, registered
    department = registered["data"]["registerDepartment"]["department"]
    assert (department["name"], department["kind"]) == ("A街道城管中队", "CITY_MANAGEMENT")
    bound = await execute(
        client,
        BIND,
        {"input": {"departmentId": department["id"], "username": "clerk"}},
        token=world.tokens["admin"],
    )
    assert "errors" not in bound, bound
    # Then the account acts for it
    mine = await execute(client, MINE, token=token)
    assert mine["data"]["viewer"]["roles"] == [{"role": "DEPARTMENT"}]
    assert mine["data"]["myDispatches"]["totalCount"] == 0


async def test_a_secretary_may_not_register_a_department(
    client: httpx.AsyncClient, world: World
) -> None:
    # (at their own community: registering needs write_organizations, which they lack)
    body = await execute(
        client, REGISTER, squad(world, at="community_a"), token=world.tokens["secretary"]
    )
    assert error_codes(body) == ["FORBIDDEN"]


async def test_a_taken_name_or_a_second_department_is_a_conflict(
    client: httpx.AsyncClient, world: World
) -> None:
    admin = world.tokens["admin"]
    first = await execute(client, REGISTER, squad(world), token=admin)
    assert error_codes(await execute(client, REGISTER, squad(world), token=admin)) == ["CONFLICT"]
    other = await execute(client, REGISTER, squad(world, "A街道派出所"), token=admin)
    for registered in (first, other):
        department = registered["data"]["registerDepartment"]["department"]["id"]
        body = await execute(
            client, BIND, {"input": {"departmentId": department, "username": "resident"}},
            token=admin,
        )  # fmt: skip
    assert error_codes(body) == ["CONFLICT"]


async def test_binding_an_unknown_username_names_the_field_and_binds_nobody(
    client: httpx.AsyncClient, world: World
) -> None:
    # Given a registered department
    admin = world.tokens["admin"]
    registered = await execute(client, REGISTER, squad(world), token=admin)
    department = registered["data"]["registerDepartment"]["department"]["id"]
    # When an administrator binds a username no account has
    body = await execute(
        client, BIND, {"input": {"departmentId": department, "username": "nobody"}}, token=admin
    )
    # Then it is BAD_USER_INPUT on `username`, and the department still has no staff
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] == "username"
    again = await execute(
        client, BIND, {"input": {"departmentId": department, "username": "resident"}}, token=admin
    )
    assert "errors" not in again, again
