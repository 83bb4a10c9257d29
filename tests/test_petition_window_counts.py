"""A petition list's totalCount over a window of days, read from the day tallies and the
petitions held off their grid's chain, equals its rows."""

from __future__ import annotations

from datetime import timedelta

import httpx
from starlette.applications import Starlette

from db.base import china_day, utcnow
from db.engine import Database
from db.statements import count_statements
from tests.graphql import execute
from tests.petition_support import categories
from tests.test_petition_held_counts import list_counts, random_petitions
from tests.world import World


def window(since_days: int | None, until_days: int | None) -> dict[str, str]:
    """since/until as days before today (China time), None left open."""
    today = china_day(utcnow())
    found = {"since": since_days, "until": until_days}
    return {k: (today - timedelta(days=n)).isoformat() for k, n in found.items() if n is not None}


async def test_total_count_over_a_window_equals_the_rows_under_every_node(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    # Given petitions over twelve days, a third held off their grid's chain
    await random_petitions(database, world, 60, seed=13)
    codes = await categories(database)
    token = world.tokens["admin"]
    # When the list is counted over windows, alone and with statuses, categories and kinds
    for under in ("city", "district_a", "street_a", "community_b", "grid_a2"):
        for days in ((6, 2), (3, None), (None, 8), (0, 0)):
            for narrow in (
                {},
                {"statuses": ["SUBMITTED", "IN_PROGRESS"]},
                {"categoryIds": [codes["PS-FACILITY"]]},
                {"statuses": ["RESOLVED"], "kinds": ["PUBLIC_SERVICE", "PUBLIC_SAFETY"]},
            ):
                total, rows = await list_counts(
                    client, token, under=world.org_id(under), **window(*days), **narrow
                )
                # Then totalCount is the rows the list returns
                assert total == rows, (under, days, narrow)


async def test_total_count_over_a_window_without_under_adds_the_viewers_own_elsewhere(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    await random_petitions(database, world, 30, seed=17)
    for role in ("resident", "secretary", "admin"):
        total, rows = await list_counts(client, world.tokens[role], **window(5, 1))
        assert total == rows, role


async def test_the_roots_window_count_reads_the_day_tallies_in_one_statement(
    client: httpx.AsyncClient, app: Starlette, world: World, database: Database
) -> None:
    await random_petitions(database, world, 10, seed=1)
    document = "query ($f: PetitionFilter) { petitions(filter: $f, first: 1) { totalCount } }"
    narrow = {"under": world.org_id("city"), "statuses": ["SUBMITTED"], **window(7, 0)}

    with count_statements(app.state.services.database.engine) as statements:
        body = await execute(client, document, {"f": narrow}, token=world.tokens["admin"])

    assert "errors" not in body, body
    counting = [s for s in statements if "count(" in s.lower() or "sum(" in s.lower()]
    assert len(counting) == 1
    assert "petition_tallies" in counting[0]
