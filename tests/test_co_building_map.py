"""The map 一张图: outlines that tile the city without overlaps, and layers (organisations,
activities now and today) within the viewer's scope."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from db.engine import Database
from db.organizations.models import GovernanceLevel
from generators.demo.outlines import city_extent, voronoi_cells
from tests.factories import create_activity
from tests.graphql import execute
from tests.world import World

ORGANIZATIONS = "{ organizationMap }"
ACTIVITIES = "query ($today: Boolean!) { activityMap(today: $today) }"
FIGURES = "{ activityFigures { runningNow today } }"


def area(ring: list[tuple[float, float]]) -> float:
    return (
        abs(
            sum(
                x0 * y1 - x1 * y0
                for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)
            )
        )
        / 2
    )


def test_voronoi_cells_tile_the_extent_without_overlap() -> None:
    seats = [(120.1, 30.2), (120.2, 30.25), (120.15, 30.35), (120.05, 30.3), (120.22, 30.31)]
    extent = [(120.0, 30.1), (120.3, 30.1), (120.3, 30.4), (120.0, 30.4)]

    cells = voronoi_cells(seats, extent)

    # the cells' areas add up to the extent's, and each seat lies in its own cell only
    assert sum(area(cell) for cell in cells) == pytest.approx(area(extent), rel=1e-9)
    for index, seat in enumerate(seats):
        assert [inside(seat, cell) for cell in cells] == [i == index for i in range(len(cells))]


def inside(point: tuple[float, float], polygon: list[tuple[float, float]]) -> bool:
    x, y = point
    signs = {
        (x1 - x0) * (y - y0) - (y1 - y0) * (x - x0) > 0
        for (x0, y0), (x1, y1) in zip(polygon, polygon[1:] + polygon[:1], strict=True)
    }
    return len(signs) == 1


def test_the_extent_covers_every_located_organisation() -> None:
    rows = [{"longitude": 120.0, "latitude": 30.0}, {"longitude": 120.2, "latitude": 30.1}]
    (west, south), _, (east, north), _ = city_extent(rows)
    assert (west, south) < (120.0, 30.0)
    assert (east, north) > (120.2, 30.1)


def _names(body: dict[str, Any], field: str) -> set[str]:
    return {feature["properties"]["name"] for feature in body["data"][field]["features"]}


async def test_the_organisation_layer_holds_only_the_viewers_subtree(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    async with database.transaction() as session:
        for name in ("community_a", "community_b", "grid_a1"):
            world.orgs[name].longitude, world.orgs[name].latitude = 120.15, 30.28
            await session.merge(world.orgs[name])

    secretary = await execute(client, ORGANIZATIONS, token=world.tokens["secretary"])
    outsider = await execute(client, ORGANIZATIONS, token=world.tokens["outsider"])

    assert _names(secretary, "organizationMap") == {"A社区党委", "grid_a1网格党支部"}
    assert _names(outsider, "organizationMap") == {"B社区党委"}
    levels = {f["properties"]["level"] for f in secretary["data"]["organizationMap"]["features"]}
    assert levels == {GovernanceLevel.COMMUNITY.name, GovernanceLevel.GRID.name}


async def test_the_activity_layer_shows_what_runs_now_in_scope(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    now = datetime.now(UTC)
    running = {"starts_at": now - timedelta(minutes=10), "ends_at": now + timedelta(hours=1)}
    async with database.transaction() as session:
        await create_activity(session, world.orgs["community_a"], title="A在进行", **running)
        await create_activity(session, world.orgs["community_b"], title="B在进行", **running)
        await create_activity(
            session, world.orgs["community_a"], title="A稍后",
            starts_at=now + timedelta(minutes=5), ends_at=now + timedelta(minutes=50),
        )  # fmt: skip

    now_a = await execute(client, ACTIVITIES, {"today": False}, token=world.tokens["resident"])
    figures = await execute(client, FIGURES, token=world.tokens["resident"])
    now_b = await execute(client, ACTIVITIES, {"today": False}, token=world.tokens["outsider"])
    partner = await execute(client, ACTIVITIES, {"today": False}, token=world.tokens["partner"])

    assert _names(now_a, "activityMap") == {"A在进行"}
    assert figures["data"]["activityFigures"]["runningNow"] == 1
    assert _names(now_b, "activityMap") == {"B在进行"}
    assert _names(partner, "activityMap") == {"A在进行"}
    feature = now_a["data"]["activityMap"]["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [120.15, 30.28]}
    assert feature["properties"]["running"] is True
