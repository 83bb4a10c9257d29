"""The capability portrait sets each indicator beside the medians of the organisation's
siblings and of the whole framework, and names where it leads and trails most."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from db.engine import Database
from db.organizations.models import GovernanceLevel, PartyOrgKind
from tests.evaluation_support import create_fixed_figures, evaluated_world
from tests.factories import create_organization
from tests.graphql import execute
from tests.world import World

PORTRAIT = """
query ($o: ID!) {
  capabilityPortrait(organizationId: $o, year: 2026) {
    result { total }
    lines { indicator { code } achievement parentMedian cityMedian lead }
    strengths { indicator { code } lead }
    weakPoints { indicator { code } lead }
  }
}
"""


async def test_a_portrait_compares_with_the_siblings_and_the_city(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # given a second community under street A, with community A's figures for its subtree
    async with database.transaction() as session:
        twin = await create_organization(
            session, world.orgs["street_a"], level=GovernanceLevel.COMMUNITY,
            kind=PartyOrgKind.COMMITTEE,
        )  # fmt: skip
        await create_fixed_figures(session, twin)
    await evaluated_world(database, world)
    # when street A's community A is portrayed by the city
    body = await execute(
        client, PORTRAIT, {"o": world.org_id("community_a")}, token=world.tokens["admin"]
    )
    portrait = body["data"]["capabilityPortrait"]
    lines = {line["indicator"]["code"]: line for line in portrait["lines"]}
    # then on-time handling (0.75 of 0.95: 0.7895) sits beside its twin's and B's nothing
    assert lines["SRV_ON_TIME"] == {
        "indicator": {"code": "SRV_ON_TIME"}, "achievement": 0.7895,
        "parentMedian": 0.7895, "cityMedian": 0.7895, "lead": 0.0,
    }  # fmt: skip
    # and its strengths are where the others have nothing: the committee score only it was
    # given, study and volunteer hours per member (the twin has no members)
    assert lines["ORG_COMMITTEE"]["cityMedian"] == 0.0
    assert portrait["strengths"] == [
        {"indicator": {"code": "ORG_COMMITTEE"}, "lead": 0.9},
        {"indicator": {"code": "MEM_STUDY"}, "lead": 0.7408},  # 0.6667 / 0.9
        {"indicator": {"code": "CO_VOLUNTEER"}, "lead": 0.375},  # 1.5 / 4
    ]
    # and community B, with none of their figures, trails where they do best, worst first
    other = await execute(
        client, PORTRAIT, {"o": world.org_id("community_b")}, token=world.tokens["admin"]
    )
    assert other["data"]["capabilityPortrait"]["weakPoints"] == [
        {"indicator": {"code": "ORG_ATTENDANCE"}, "lead": -0.9412},  # 0.8 / 0.85
        {"indicator": {"code": "SRV_ON_TIME"}, "lead": -0.7895},  # 0.75 / 0.95
        {"indicator": {"code": "MEM_DUES"}, "lead": -0.697},  # 23 / 33
    ]
