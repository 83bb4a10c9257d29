"""Petition reads: scope per role, filters, statistics, and statements per page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from db.base import china_day, utcnow
from db.engine import Database
from db.statements import count_statements
from tests.graphql import error_codes, execute
from tests.petition_support import categories, insert_petition, submit
from tests.world import World

ROLES = ["admin", "secretary", "grid_worker", "station_staff", "resident", "partner", "outsider"]
PETITION = "query ($id: ID!) { petition(id: $id) { id } }"
PETITIONS = (
    "query ($filter: PetitionFilter) { petitions(filter: $filter) { totalCount nodes { title } } }"
)
STATISTICS = """
query ($under: ID!) {
  petitionStatistics(under: $under, days: 7) {
    total onTimeRate meanHandlingHours p90HandlingHours satisfactionRate meanSatisfaction overdueNow
    byStatus { status count } byCategory { category { code } count } trend { day count }
  }
}
"""
PAGE = """
query ($first: Int) {
  petitions(first: $first) {
    totalCount
    nodes {
      title contactPhone isOverdue nextActions
      category { name } grid { name } handlingOrganization { name } timeline { action }
    }
  }
}
"""
SEES_A1 = {"admin", "secretary", "grid_worker", "station_staff", "resident"}
LIST_COUNTS = {
    "admin": 2, "secretary": 1, "grid_worker": 1, "station_staff": 1, "resident": 1,
    "outsider": 1,
}  # fmt: skip
# Who may neither read petitions nor raise their own is refused the list, not told "none".
LIST_REFUSED = {"partner"}
# Figures carry no personal data: every role may read them within its scope.
STATISTICS_ERRORS = {"outsider": "NOT_FOUND"}


async def two_petitions(
    client: httpx.AsyncClient, world: World, database: Database
) -> dict[str, Any]:
    codes = await categories(database)
    mine = await submit(client, world, codes)
    await submit(
        client, world, codes, role="outsider", gridId=world.org_id("grid_b1"), title="B区的事"
    )
    return mine


@pytest.mark.parametrize("role", ROLES)
async def test_a_petition_by_id_is_seen_within_scope_only(
    client: httpx.AsyncClient, world: World, database: Database, role: str
) -> None:
    petition = await two_petitions(client, world, database)
    body = await execute(client, PETITION, {"id": petition["id"]}, token=world.tokens[role])
    assert (body["data"]["petition"] is not None) == (role in SEES_A1)


@pytest.mark.parametrize("role", ROLES)
async def test_the_list_holds_what_the_role_may_see(
    client: httpx.AsyncClient, world: World, database: Database, role: str
) -> None:
    await two_petitions(client, world, database)
    body = await execute(client, PETITIONS, token=world.tokens[role])
    if role in LIST_REFUSED:
        assert error_codes(body) == ["FORBIDDEN"]
    else:
        assert body["data"]["petitions"]["totalCount"] == LIST_COUNTS[role]


@pytest.mark.parametrize("role", ROLES)
async def test_statistics_are_for_petition_readers_within_scope(
    client: httpx.AsyncClient, world: World, database: Database, role: str
) -> None:
    await two_petitions(client, world, database)
    under = "grid_a1" if role == "grid_worker" else "community_a"
    body = await execute(
        client, STATISTICS, {"under": world.org_id(under)}, token=world.tokens[role]
    )
    if role in STATISTICS_ERRORS:
        assert error_codes(body) == [STATISTICS_ERRORS[role]]
    else:
        assert body["data"]["petitionStatistics"]["total"] == 1


async def test_filters_narrow_the_list(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    await insert_petition(
        database, world, "submitted", title="路灯不亮", deadline_at=utcnow() - timedelta(hours=1)
    )
    await insert_petition(database, world, "closed", title="垃圾满溢", content="垃圾桶满了")
    token = world.tokens["secretary"]

    async def titles(**where: Any) -> list[str]:
        body = await execute(client, PETITIONS, {"filter": where}, token=token)
        return [node["title"] for node in body["data"]["petitions"]["nodes"]]

    assert await titles(statuses=["CLOSED"]) == ["垃圾满溢"]
    assert await titles(search="桶满") == ["垃圾满溢"]
    assert await titles(overdue=True) == ["路灯不亮"]
    assert await titles(channels=["HOTLINE"]) == []
    assert await titles(under=world.org_id("grid_a2")) == []


OPEN_NOW = """
query ($under: ID!) { petitionStatistics(under: $under, days: 7) { openNow byStatus { status count } } }
"""


async def test_open_now_counts_open_petitions_raised_before_the_window_too(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given an open petition raised 40 days ago, an open one today and a closed one
    long_ago = utcnow() - timedelta(days=40)
    await insert_petition(
        database, world, "in_progress", day=china_day(long_ago), created_at=long_ago
    )
    await insert_petition(database, world, "submitted")
    await insert_petition(database, world, "closed")

    # When the district's 7-day statistics are read
    body = await execute(
        client, OPEN_NOW, {"under": world.org_id("district_a")}, token=world.tokens["admin"]
    )

    # Then both open petitions are open now, while the window's statuses hold only today's
    figures = body["data"]["petitionStatistics"]
    assert figures["openNow"] == 2
    in_window = {entry["status"]: entry["count"] for entry in figures["byStatus"]}
    assert in_window["IN_PROGRESS"] == 0
    assert in_window["SUBMITTED"] == 1


async def test_statistics_add_up_a_known_set(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    now = utcnow()
    hour = 3600
    for seconds, deadline_offset, rating in [
        (1 * hour, 10, 5), (2 * hour, 10, 4), (3 * hour, -1, 2), (10 * hour, 10, None),
    ]:  # fmt: skip
        await insert_petition(
            database,
            world,
            "rated" if rating else "resolved",
            handling_seconds=seconds,
            satisfaction=rating,
            resolved_at=now,
            deadline_at=now + timedelta(hours=deadline_offset),
        )
    await insert_petition(database, world, "accepted", deadline_at=now - timedelta(hours=2))

    body = await execute(
        client, STATISTICS, {"under": world.org_id("community_a")}, token=world.tokens["secretary"]
    )

    figures = body["data"]["petitionStatistics"]
    assert figures["total"] == 5
    assert figures["onTimeRate"] == 0.75
    assert figures["meanHandlingHours"] == 4.0
    assert figures["p90HandlingHours"] == 10.0
    assert figures["satisfactionRate"] == 0.6667
    assert figures["meanSatisfaction"] == 3.67
    assert figures["overdueNow"] == 1
    by_status = {entry["status"]: entry["count"] for entry in figures["byStatus"]}
    assert by_status == {
        "SUBMITTED": 0, "ACCEPTED": 1, "ASSIGNED": 0, "IN_PROGRESS": 0,
        "RESOLVED": 1, "RATED": 3, "CLOSED": 0, "REJECTED": 0, "MERGED": 0,
    }  # fmt: skip
    assert figures["byCategory"] == [{"category": {"code": "PS-FACILITY"}, "count": 5}]
    assert len(figures["trend"]) == 7
    assert sum(day["count"] for day in figures["trend"]) == 5


async def statements_for(client: httpx.AsyncClient, app: Starlette, token: str, first: int) -> int:
    with count_statements(app.state.services.database.engine) as statements:
        body = await execute(client, PAGE, {"first": first}, token=token)
    assert "errors" not in body, body
    assert len(body["data"]["petitions"]["nodes"]) == first
    return len([s for s in statements if "FROM events" not in s])


async def test_a_page_of_petitions_costs_the_same_statements_for_10_and_60(
    client: httpx.AsyncClient, app: Starlette, world: World, database: Database
) -> None:
    for _ in range(60):
        await insert_petition(database, world, "submitted")
    token = world.tokens["secretary"]
    ten = await statements_for(client, app, token, 10)
    assert ten == await statements_for(client, app, token, 60)
    assert ten <= 9


COUNT_ONLY = "query ($f: PetitionFilter) { petitions(filter: $f) { __typename totalCount } }"
COUNT_IN_FRAGMENT = """
query ($f: PetitionFilter) { petitions(filter: $f) { ...listed } }
fragment listed on PetitionConnection { totalCount ... on PetitionConnection { nodes { id } } }
"""


async def petition_statements(
    client: httpx.AsyncClient, app: Starlette, world: World, document: str
) -> tuple[dict[str, Any], list[str]]:
    variables = {"f": {"under": world.org_id("city")}}
    with count_statements(app.state.services.database.engine) as statements:
        body = await execute(client, document, variables, token=world.tokens["admin"])
    assert "errors" not in body, body
    return body["data"]["petitions"], [s for s in statements if "FROM petitions" in s]


async def test_a_count_only_petition_list_reads_no_page(
    client: httpx.AsyncClient, app: Starlette, world: World, database: Database
) -> None:
    # Given two petitions in the city
    for status in ("submitted", "resolved"):
        await insert_petition(database, world, status)
    # When the list is asked for its totalCount alone
    found, read = await petition_statements(client, app, world, COUNT_ONLY)
    # Then it is counted (from the held counts) and no page of petitions is read
    assert found["totalCount"] == 2
    assert read == []


async def test_a_page_asked_for_inside_fragments_is_read(
    client: httpx.AsyncClient, app: Starlette, world: World, database: Database
) -> None:
    for status in ("submitted", "resolved"):
        await insert_petition(database, world, status)

    found, read = await petition_statements(client, app, world, COUNT_IN_FRAGMENT)

    assert found["totalCount"] == 2
    assert len(found["nodes"]) == 2
    assert len(read) == 1
