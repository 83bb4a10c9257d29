"""The big screen's ranking panel 考核排行 shows the subtree's best results with their stars, is
redrawn when an upper organisation publishes stars, and tells who reads no evaluation so."""

from __future__ import annotations

import httpx

from db.engine import Database
from tests.browser import Browser
from tests.evaluation_support import evaluated_world
from tests.graphql import execute
from tests.screen_support import CONNECTED, RestartableServer, wait_for_text
from tests.world import World

OVERRIDE = """
mutation ($o: ID!) { overrideEvaluationStars(input: {organizationId: $o, year: 2026, stars: 3,
  reason: "获评区级先进基层党组织", version: 1}) { stars } }
"""
PUBLISH = "mutation ($o: ID!) { publishEvaluationStars(input: {organizationId: $o}) { published { stars } } }"
REFUSED = "document.querySelector('[data-testid=ranking]').dataset.state === 'refused'"


async def test_the_ranking_panel_follows_published_stars(
    screen_server: RestartableServer, browser: Browser, world: World, database: Database
) -> None:
    # given 2026 computed: community A 28.8 (1 star), community B -5 (1 star)
    await evaluated_world(database, world)
    admin = world.tokens["admin"]
    # when the city's administrator opens the screen
    await browser.goto(screen_server.url(f"?token={admin}"))
    await browser.wait_for(CONNECTED, timeout=20)
    # then the ranking lists the city's communities, best first
    await wait_for_text(browser, "ranking-list", "1. A社区党委28.8 ★2. B社区党委-5.0 ★", 10)
    # and when street A raises A's stars and publishes them, the panel shows it
    async with httpx.AsyncClient(base_url=f"http://{screen_server.address}") as http:
        overridden = await execute(http, OVERRIDE, {"o": world.org_id("community_a")}, token=admin)
        assert overridden["data"]["overrideEvaluationStars"] == {"stars": 3}
        published = await execute(http, PUBLISH, {"o": world.org_id("street_a")}, token=admin)
        assert published["data"]["publishEvaluationStars"]["published"] == [{"stars": 3}]
    await wait_for_text(browser, "ranking-list", "1. A社区党委28.8 ★★★2. B社区党委-5.0 ★", 10)


async def test_who_reads_no_evaluation_sees_a_note(
    screen_server: RestartableServer, browser: Browser, world: World, database: Database
) -> None:
    await evaluated_world(database, world)
    await browser.goto(screen_server.url(f"?token={world.tokens['grid_worker']}"))
    await browser.wait_for(CONNECTED, timeout=20)
    await browser.wait_for(REFUSED, timeout=10)
    await wait_for_text(browser, "ranking-note", "本账号无权查看考核结果", 5)
