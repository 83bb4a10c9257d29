"""The benchmark's bare pages answer what GraphQL answers, with the same SQL statements."""

from __future__ import annotations

from collections import Counter
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from bench.pages import PAGES, FrontEndPage
from db.engine import Database
from db.statements import count_statements
from resolvers.context import Context
from tests.graphql import execute
from tests.petition_support import insert_petition
from tests.station_fixtures import build_stations
from tests.world import World

SUBJECTS = {"DISTRICT": "district_a", "COMMUNITY": "community_a"}


def _work(statements: list[str]) -> Counter[str]:
    """The statements of the request itself (the event hub's background poll left out)."""
    return Counter(s for s in statements if not s.lstrip().startswith("SELECT events."))


def _node_lists(data: Any) -> list[list[Any]]:
    """Every `nodes` list in a response, however deep."""
    if isinstance(data, dict):
        own = [data["nodes"]] if isinstance(data.get("nodes"), list) else []
        return own + [found for value in data.values() for found in _node_lists(value)]
    return []


@pytest.fixture
async def city(database: Database, world: World) -> World:
    await build_stations(database, world)
    for status in ("submitted", "accepted", "closed"):
        await insert_petition(database, world, status)
    return world


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
async def test_bare_page_answers_the_graphql_data_with_the_same_statements(
    page: FrontEndPage, app: Starlette, client: httpx.AsyncClient, city: World
) -> None:
    # given an organisation of the page's level, seen by the administrator
    subject = city.orgs[SUBJECTS[page.level]]
    token = city.tokens["admin"]
    engine = app.state.services.database.engine
    # when the page is asked through GraphQL and through the bare function
    with count_statements(engine) as graphql_statements:
        body = await execute(
            client, page.document, {"id": city.org_id(SUBJECTS[page.level])}, token=token
        )
    with count_statements(engine) as bare_statements:
        context = Context(app.state.services)
        await context.authenticate(f"Bearer {token}")
        bare = await page.bare(context, subject.id)
    # then both hold the same, non-empty data, read with the same statements
    assert "errors" not in body, body
    assert bare == body["data"]
    assert _node_lists(bare)
    assert all(_node_lists(bare))
    assert _work(bare_statements) == _work(graphql_statements)
