"""The activity list narrowed by every filter at once, page by page: what a viewer sees is
held in their scope, held above it for it, or organised by their unit; the filters narrow it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from starlette.applications import Starlette

from db.activities.models import ActivityKind, ActivityStatus
from db.engine import Database
from tests.co_building_support import build_co_building
from tests.factories import create_activity
from tests.graphql import execute
from tests.world import World

LIST = """
query ($filter: ActivityListFilter, $after: String) {
  activities(filter: $filter, first: 1, after: $after) {
    totalCount pageInfo { endCursor hasNextPage }
    nodes { title organization { name } unit { name } }
  }
}
"""


async def _nodes(
    client: httpx.AsyncClient, token: str, narrow: dict[str, Any]
) -> list[dict[str, Any]]:
    """Every page's activity, one per page, following the cursors."""
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        body = await execute(client, LIST, {"filter": narrow, "after": after}, token=token)
        assert "errors" not in body, body
        page = body["data"]["activities"]
        nodes += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes
        after = page["pageInfo"]["endCursor"]


async def test_the_activity_list_narrows_by_every_filter_page_by_page(
    client: httpx.AsyncClient, database: Database, world: World, app: Starlette
) -> None:
    # given activities in community A, above it (its street), in community B, and of unit A
    co = await build_co_building(database, world, app.state.services.tokens)
    now = datetime.now(UTC)
    soon = now + timedelta(days=2)
    o = world.orgs
    hosts = {"a": o["community_a"], "street": o["street_a"], "b": o["community_b"]}
    rows: list[tuple[str, str, datetime, dict[str, Any]]] = [
        ("kept", "a", soon, {}),
        ("street", "street", soon, {}),
        ("unit", "b", soon, {"unit_id": co.units["a"].id}),
        ("other", "b", soon, {}),
        ("culture", "a", soon, {"kind": ActivityKind.CULTURE}),
        ("cancelled", "a", soon, {"status": ActivityStatus.CANCELLED}),
        ("late", "a", soon + timedelta(days=2), {}),
        ("running", "a", now - timedelta(hours=1), {}),
    ]
    async with database.transaction() as session:
        for title, host, starts, values in rows:
            ends = starts + timedelta(hours=2)
            await create_activity(
                session, hosts[host], title=title, starts_at=starts, ends_at=ends, **values
            )
    narrow = {
        "kinds": ["VOLUNTEER_SERVICE"],
        "statuses": ["SCHEDULED"],
        "startsAfter": (soon - timedelta(hours=1)).isoformat(),
        "startsBefore": (soon + timedelta(days=1)).isoformat(),
    }
    # when the resident of community A, and unit A, list them narrowed, one per page
    resident = await _nodes(client, co.token("resident"), narrow)
    unit = await _nodes(client, co.token("unit"), narrow)
    running = await _nodes(client, co.token("resident"), {"runningNow": True})
    of_unit = await _nodes(client, co.token("admin"), {"unitId": co.unit_id("a")})
    # then each sees what is held for them, narrowed by every filter, with the organisation
    # and unit each names as far as the viewer may see them
    a, b = o["community_a"].name, o["community_b"].name
    assert resident == [
        {"title": "kept", "organization": {"name": a}, "unit": None},
        {"title": "street", "organization": None, "unit": None},  # above its scope
    ]
    assert unit == [{"title": "unit", "organization": None, "unit": {"name": "A医院"}}]
    assert [node["title"] for node in running] == ["running"]
    assert of_unit == [{"title": "unit", "organization": {"name": b}, "unit": {"name": "A医院"}}]
