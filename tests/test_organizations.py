"""Organisation queries and mutations through the GraphQL API."""

from __future__ import annotations

from datetime import time

import httpx
from sqlalchemy import func, select
from starlette.applications import Starlette

from db.engine import Database
from db.members.models import MemberRow
from db.organizations.models import OrganizationRow
from db.statements import count_statements
from db.stations.models import StationRow
from tests.graphql import error_codes, execute, statements_for
from tests.world import World

ORGANIZATION = """
query ($id: ID!) {
  organization(id: $id) {
    id name code level kind depth
    parent { name }
    ancestors { name }
    children(first: 10) { totalCount nodes { name level } }
  }
}
"""

ORGANIZATIONS = """
query ($filter: OrganizationFilter, $first: Int) {
  organizations(filter: $filter, first: $first) { totalCount nodes { name level } }
}
"""

STATISTICS = """
query ($id: ID!) {
  organization(id: $id) {
    statistics {
      memberCount
      membersByStatus { status count }
      organizationsByLevel { level count }
    }
    portrait { byGender { key label count share } byAgeBand { key count } }
  }
}
"""

CREATE = """
mutation ($input: CreateOrganizationInput!) {
  createOrganization(input: $input) { organization { id name code level depth parent { name } } }
}
"""

MOVE = """
mutation ($input: MoveOrganizationInput!) {
  moveOrganization(input: $input) { organization { depth ancestors { name } } }
}
"""

UPDATE = """
mutation ($input: UpdateOrganizationInput!) {
  updateOrganization(input: $input) { organization { name code longitude latitude } }
}
"""


async def test_organization_shows_its_place_in_the_tree(
    client: httpx.AsyncClient, world: World
) -> None:
    body = await execute(
        client, ORGANIZATION, {"id": world.org_id("community_a")}, token=world.tokens["admin"]
    )
    node = body["data"]["organization"]
    assert node["level"] == "COMMUNITY"
    assert node["depth"] == 3
    assert node["parent"]["name"] == "A街道党工委"
    assert [a["name"] for a in node["ancestors"]] == ["江州市委", "A区委", "A街道党工委"]
    assert node["children"]["totalCount"] == 2
    assert [c["level"] for c in node["children"]["nodes"]] == ["GRID", "GRID"]


async def test_ancestors_outside_scope_are_hidden(client: httpx.AsyncClient, world: World) -> None:
    body = await execute(
        client, ORGANIZATION, {"id": world.org_id("grid_a1")}, token=world.tokens["secretary"]
    )
    node = body["data"]["organization"]
    assert [a["name"] for a in node["ancestors"]] == ["A社区党委"]
    assert node["parent"]["name"] == "A社区党委"


async def test_organizations_filter_by_subtree_and_level(
    client: httpx.AsyncClient, world: World
) -> None:
    body = await execute(
        client,
        ORGANIZATIONS,
        {"filter": {"under": world.org_id("district_a"), "levels": ["GRID"]}},
        token=world.tokens["admin"],
    )
    connection = body["data"]["organizations"]
    assert connection["totalCount"] == 2
    assert {n["name"] for n in connection["nodes"]} == {"grid_a1网格党支部", "grid_a2网格党支部"}


async def test_organizations_filter_by_name(client: httpx.AsyncClient, world: World) -> None:
    body = await execute(
        client, ORGANIZATIONS, {"filter": {"nameContains": "街道"}}, token=world.tokens["admin"]
    )
    assert {n["name"] for n in body["data"]["organizations"]["nodes"]} == {
        "A街道党工委",
        "B街道党工委",
    }


async def test_statistics_count_the_whole_subtree(client: httpx.AsyncClient, world: World) -> None:
    body = await execute(
        client, STATISTICS, {"id": world.org_id("district_a")}, token=world.tokens["admin"]
    )
    statistics = body["data"]["organization"]["statistics"]
    assert statistics["memberCount"] == 3
    assert {"status": "FULL", "count": 3} in statistics["membersByStatus"]
    by_level = {row["level"]: row["count"] for row in statistics["organizationsByLevel"]}
    assert by_level == {"DISTRICT": 1, "STREET": 1, "COMMUNITY": 1, "GRID": 2}


async def test_portrait_shares_add_up(client: httpx.AsyncClient, world: World) -> None:
    body = await execute(
        client, STATISTICS, {"id": world.org_id("city")}, token=world.tokens["admin"]
    )
    portrait = body["data"]["organization"]["portrait"]
    assert sum(bucket["count"] for bucket in portrait["byGender"]) == 4
    assert abs(sum(bucket["share"] for bucket in portrait["byGender"]) - 1) < 0.01
    assert sum(bucket["count"] for bucket in portrait["byAgeBand"]) == 4


async def test_create_organization_under_a_parent(client: httpx.AsyncClient, world: World) -> None:
    body = await execute(
        client,
        CREATE,
        {
            "input": {
                "parentId": world.org_id("community_a"),
                "name": "新网格党支部",
                "code": "W-new",
                "kind": "BRANCH",
                "level": "GRID",
                "longitude": 120.1,
                "latitude": 30.2,
            }
        },
        token=world.tokens["admin"],
    )
    created = body["data"]["createOrganization"]["organization"]
    assert created["depth"] == 4
    assert created["parent"]["name"] == "A社区党委"


async def test_create_organization_with_a_taken_code_conflicts(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    body = await execute(
        client,
        CREATE,
        {
            "input": {
                "parentId": world.org_id("community_a"),
                "name": "重复",
                "code": "W-a",
                "kind": "BRANCH",
                "level": "GRID",
            }
        },
        token=world.tokens["admin"],
    )
    assert error_codes(body) == ["CONFLICT"]
    async with database.session() as session:
        assert await session.scalar(select(func.count()).where(OrganizationRow.name == "重复")) == 0


async def test_create_organization_at_a_wrong_level_is_bad_input(
    client: httpx.AsyncClient, world: World
) -> None:
    body = await execute(
        client,
        CREATE,
        {
            "input": {
                "parentId": world.org_id("community_a"),
                "name": "错层",
                "code": "W-x",
                "kind": "COMMITTEE",
                "level": "DISTRICT",
            }
        },
        token=world.tokens["admin"],
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] == "level"


async def test_update_organization_requires_both_coordinates(
    client: httpx.AsyncClient, world: World
) -> None:
    body = await execute(
        client,
        UPDATE,
        {"input": {"id": world.org_id("grid_b1"), "longitude": 120.0}},
        token=world.tokens["admin"],
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] == "latitude"


async def test_update_organization_changes_name(client: httpx.AsyncClient, world: World) -> None:
    body = await execute(
        client,
        UPDATE,
        {"input": {"id": world.org_id("grid_b1"), "name": "新名字"}},
        token=world.tokens["admin"],
    )
    assert body["data"]["updateOrganization"]["organization"]["name"] == "新名字"


async def test_move_rewrites_the_whole_subtree(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    body = await execute(
        client,
        MOVE,
        {"input": {"id": world.org_id("street_a"), "newParentId": world.org_id("district_b")}},
        token=world.tokens["admin"],
    )
    moved = body["data"]["moveOrganization"]["organization"]
    assert [a["name"] for a in moved["ancestors"]] == ["江州市委", "B区委"]
    async with database.session() as session:
        district_b = await session.get_one(OrganizationRow, world.orgs["district_b"].id)
        grid = await session.get_one(OrganizationRow, world.orgs["grid_a1"].id)
        assert grid.path.startswith(district_b.path)
        assert grid.depth == 4
        member = await session.get_one(MemberRow, world.members["m1"].id)
        assert member.org_path == grid.path


async def test_move_into_own_subtree_is_refused(client: httpx.AsyncClient, world: World) -> None:
    body = await execute(
        client,
        MOVE,
        {"input": {"id": world.org_id("district_a"), "newParentId": world.org_id("community_a")}},
        token=world.tokens["admin"],
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_a_move_carries_the_subtrees_stations_along(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    async with database.transaction() as session:
        grid = world.orgs["grid_a1"]
        station = StationRow(
            organization_id=grid.id,
            org_path=grid.path,
            name="网格服务站",
            address="测试路1号",
            longitude=120.1,
            latitude=30.2,
            capacity=20,
            opens_at=time(8),
            closes_at=time(18),
            open_weekdays=127,
            services=[],
        )
        session.add(station)
    await execute(
        client,
        MOVE,
        {"input": {"id": world.org_id("street_a"), "newParentId": world.org_id("district_b")}},
        token=world.tokens["admin"],
    )
    async with database.session() as session:
        moved = await session.get_one(OrganizationRow, grid.id)
        assert (await session.get_one(StationRow, station.id)).org_path == moved.path


CHILDREN = """
query ($id: ID!, $first: Int) {
  organization(id: $id) { children(first: $first) { totalCount nodes { name } } }
}
"""


async def test_a_children_page_holding_every_child_counts_them_without_a_statement(
    client: httpx.AsyncClient, app: Starlette, world: World
) -> None:
    # given a community with two grids, its children asked for a page at a time
    found: dict[int, tuple[int, int]] = {}
    for first in (1, 10):
        # when a page of one and a page of ten are read with their count
        with count_statements(app.state.services.database.engine) as statements:
            body = await execute(
                client,
                CHILDREN,
                {"id": world.org_id("community_a"), "first": first},
                token=world.tokens["admin"],
            )
        children = body["data"]["organization"]["children"]
        read = [statement for statement in statements if "FROM events" not in statement]
        found[first] = (children["totalCount"], len(read))
    # then both count two, and the page holding both sends no count of its own
    assert found[1][0] == found[10][0] == 2
    assert found[10][1] == found[1][1] - 1


PARENTS = """
query ($filter: OrganizationFilter, $first: Int) {
  organizations(filter: $filter, first: $first) { nodes { name parent { name } } }
}
"""


async def test_listed_organisations_answer_their_parents_within_the_viewers_scope(
    client: httpx.AsyncClient, world: World
) -> None:
    # given a secretary bound to community A, which has two grids
    # when they list their scope's organisations with each one's parent
    body = await execute(client, PARENTS, {"first": 10}, token=world.tokens["secretary"])
    # then the grids name community A, and community A's parent, outside the scope, is null
    parents = {n["name"]: n["parent"] for n in body["data"]["organizations"]["nodes"]}
    assert parents == {
        "A社区党委": None,
        "grid_a1网格党支部": {"name": "A社区党委"},
        "grid_a2网格党支部": {"name": "A社区党委"},
    }


async def test_a_page_of_organisations_with_parents_costs_the_same_statements_for_2_and_8(
    client: httpx.AsyncClient, app: Starlette, world: World
) -> None:
    # given the whole tree, read by the administrator with each organisation's parent
    token = world.tokens["admin"]
    # when a page of two (the root, which has no parent, and a district) and one of eight
    # are read
    two = await statements_for(client, app, PARENTS, token, 2)
    eight = await statements_for(client, app, PARENTS, token, 8)
    # then the parents of the longer page cost no more statements
    assert two == eight
