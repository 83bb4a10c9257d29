"""SQL statements per meetings page are bounded by the query's depth, not its page size."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from db.engine import Database
from tests.graphql import statements_for
from tests.meeting_support import Branches, build_branches, schedule
from tests.world import World

MEETINGS = """
query ($first: Int) {
  meetings(first: $first) {
    totalCount
    nodes { topic status attendanceRate kind { name cadence } organization { name }
            myAttendance { status } }
  }
}
"""
MINE = """
query ($first: Int) {
  myMeetings(first: $first) { nodes { topic kind { name } myAttendance { status leaveReason } } }
}
"""


@pytest.fixture
async def filled(
    client: httpx.AsyncClient, database: Database, world: World, app: Starlette
) -> Branches:
    branches = await build_branches(database, world, app.state.services.tokens)
    for index in range(24):
        kind = ("branch_assembly", "party_day", "party_lecture")[index % 3]
        await schedule(client, branches, kind=kind, branch=("grid_a1", "grid_a2")[index % 2])
    return branches


@pytest.mark.parametrize(
    ("document", "who"),
    [(MEETINGS, "secretary"), (MEETINGS, "m1"), (MINE, "m1")],
    ids=["secretary", "member", "mine"],
)
async def test_a_page_costs_the_same_statements_for_3_and_12_meetings(
    client: httpx.AsyncClient, app: Starlette, filled: Branches, document: str, who: str
) -> None:
    # given 24 meetings; when a page of 3 and one of 12 are read
    token = filled.token(who)
    three = await statements_for(client, app, document, token, 3)
    # then both cost the same few statements
    assert three == await statements_for(client, app, document, token, 12)
    assert three <= 10
