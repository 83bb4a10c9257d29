"""The access matrix: every role against every read and write path.

Roles are bound as in tests/world.py: admin on the city, secretary/station_staff/resident on
community A, grid_worker on grid A1, partner on district A, outsider (a secretary) on
community B. Reading outside one's scope answers as if the object did not exist.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from db.engine import Database
from db.members.models import MemberRow
from db.organizations.models import OrganizationRow
from tests.graphql import error_codes, execute
from tests.world import World

ROLES = ["admin", "secretary", "grid_worker", "station_staff", "resident", "partner", "outsider"]

ORGANIZATION = "query ($id: ID!) { organization(id: $id) { name } }"
ORGANIZATIONS = "query { organizations { totalCount } }"
MEMBER = "query ($id: ID!) { member(id: $id) { name personalDataMasked } }"
MEMBERS = "query { members { totalCount } }"
NODE = "query ($id: ID!) { node(id: $id) { id } }"
STATISTICS = "query ($id: ID!) { organization(id: $id) { statistics { memberCount } } }"
CREATE_ORGANIZATION = """
mutation ($parent: ID!) {
  createOrganization(input: {parentId: $parent, name: "新支部", code: "NEW-1", kind: BRANCH, level: GRID}) {
    organization { id }
  }
}
"""
UPDATE_MEMBER = (
    'mutation ($id: ID!) { updateMember(input: {id: $id, phone: "13700000000"}) { member { id } } }'
)
MOVE = "mutation ($id: ID!, $to: ID!) { moveOrganization(input: {id: $id, newParentId: $to}) { organization { id } } }"

SEES_COMMUNITY_A = {"admin", "secretary", "station_staff", "resident", "partner"}
SEES_MEMBER_M1 = {"admin", "secretary", "grid_worker"}
ORGANIZATION_COUNTS = {
    "admin": 10,
    "secretary": 3,
    "grid_worker": 1,
    "station_staff": 3,
    "resident": 3,
    "partner": 5,
    "outsider": 2,
}
MEMBER_COUNTS = {"admin": 4, "secretary": 3, "grid_worker": 2, "outsider": 1}


async def as_role(
    client: httpx.AsyncClient, world: World, role: str, document: str, **variables: Any
) -> dict[str, Any]:
    return await execute(client, document, variables, token=world.tokens[role])


@pytest.mark.parametrize("role", ROLES)
async def test_organization_by_id(client: httpx.AsyncClient, world: World, role: str) -> None:
    body = await as_role(client, world, role, ORGANIZATION, id=world.org_id("community_a"))
    assert (body["data"]["organization"] is not None) == (role in SEES_COMMUNITY_A)


@pytest.mark.parametrize("role", ROLES)
async def test_organization_list(client: httpx.AsyncClient, world: World, role: str) -> None:
    body = await as_role(client, world, role, ORGANIZATIONS)
    assert body["data"]["organizations"]["totalCount"] == ORGANIZATION_COUNTS[role]


@pytest.mark.parametrize("role", ROLES)
async def test_member_by_id(client: httpx.AsyncClient, world: World, role: str) -> None:
    body = await as_role(client, world, role, MEMBER, id=world.member_id("m1"))
    member = body["data"]["member"]
    assert (member is not None) == (role in SEES_MEMBER_M1)
    if member is not None:
        assert member["personalDataMasked"] == (role == "grid_worker")


@pytest.mark.parametrize("role", ROLES)
async def test_member_list(client: httpx.AsyncClient, world: World, role: str) -> None:
    body = await as_role(client, world, role, MEMBERS)
    if role in MEMBER_COUNTS:
        assert body["data"]["members"]["totalCount"] == MEMBER_COUNTS[role]
    else:
        assert error_codes(body) == ["FORBIDDEN"]


@pytest.mark.parametrize("role", ROLES)
async def test_node_by_id(client: httpx.AsyncClient, world: World, role: str) -> None:
    organization = await as_role(client, world, role, NODE, id=world.org_id("community_a"))
    member = await as_role(client, world, role, NODE, id=world.member_id("m1"))
    assert (organization["data"]["node"] is not None) == (role in SEES_COMMUNITY_A)
    assert (member["data"]["node"] is not None) == (role in SEES_MEMBER_M1)


@pytest.mark.parametrize("role", ROLES)
async def test_statistics(client: httpx.AsyncClient, world: World, role: str) -> None:
    body = await as_role(client, world, role, STATISTICS, id=world.org_id("community_a"))
    organization = body["data"]["organization"]
    if role in SEES_COMMUNITY_A:
        assert organization["statistics"]["memberCount"] == 3
    else:
        assert organization is None


async def count(database: Database, model: type[Any]) -> int:
    async with database.session() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.parametrize("role", ROLES)
async def test_create_organization(
    client: httpx.AsyncClient, world: World, database: Database, role: str
) -> None:
    body = await as_role(
        client, world, role, CREATE_ORGANIZATION, parent=world.org_id("community_a")
    )
    if role == "admin":
        assert body["data"]["createOrganization"]["organization"]["id"]
        assert await count(database, OrganizationRow) == 11
    else:
        expected = "FORBIDDEN" if role in SEES_COMMUNITY_A else "NOT_FOUND"
        assert error_codes(body) == [expected]
        assert await count(database, OrganizationRow) == 10


@pytest.mark.parametrize("role", ROLES)
async def test_update_member(
    client: httpx.AsyncClient, world: World, database: Database, role: str
) -> None:
    body = await as_role(client, world, role, UPDATE_MEMBER, id=world.member_id("m1"))
    async with database.session() as session:
        phone = (await session.get_one(MemberRow, world.members["m1"].id)).phone
    if role in ("admin", "secretary"):
        assert body["data"]["updateMember"]["member"]["id"]
        assert phone == "13700000000"
    else:
        expected = "FORBIDDEN" if role in SEES_MEMBER_M1 else "NOT_FOUND"
        assert error_codes(body) == [expected]
        assert phone == world.members["m1"].phone


@pytest.mark.parametrize("role", ROLES)
async def test_move_organization(
    client: httpx.AsyncClient, world: World, database: Database, role: str
) -> None:
    body = await as_role(
        client, world, role, MOVE, id=world.org_id("grid_a2"), to=world.org_id("community_b")
    )
    async with database.session() as session:
        grid = await session.get_one(OrganizationRow, world.orgs["grid_a2"].id)
    moved = grid.parent_id == world.orgs["community_b"].id
    assert moved == (role == "admin")
    if role != "admin":
        assert error_codes(body) in (["FORBIDDEN"], ["NOT_FOUND"])


@pytest.mark.parametrize("document", [ORGANIZATIONS, MEMBERS])
async def test_anonymous_reads_are_unauthenticated(
    client: httpx.AsyncClient, world: World, document: str
) -> None:
    body = await execute(client, document)
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_a_forged_token_is_unauthenticated(client: httpx.AsyncClient, world: World) -> None:
    body = await execute(client, ORGANIZATIONS, token=world.tokens["admin"][:-3] + "abc")
    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert "sign in again" in body["errors"][0]["message"]
