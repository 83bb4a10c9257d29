"""The big screen's organisational-life panel: compliance this month and quarter, attendance
and dues collection from kept figures; pushed after meeting and dues events, coalesced; only
for those who may read meetings and dues, only within their scope."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from db.base import utcnow
from db.engine import Database
from db.meetings.subtree_tallies import quarter_months
from db.meetings.tallies import month_of
from db.statements import count_statements
from resolvers.context import Services
from resolvers.meetings.screens import PANEL_EVENTS, OrgLifePanel, compute_panel
from subscriptions.screen_feeds import CommandCentre
from tests.dues_support import declare, ensure_brackets, month_back, pay
from tests.graphql import error_codes, execute
from tests.meeting_support import Branches, advance, build_branches, create_meeting, schedule
from tests.world import World
from tests.ws import SubscriptionClient

FIELDS = """
  month quarter branches compliantThisMonth compliantShareThisMonth behindThisMonth
  compliantThisQuarter compliantShareThisQuarter behindThisQuarter meetingsHeldThisMonth
  attendanceRateThisMonth duesDueMembers duesPaidMembers duesCollectionRate duesPaidFen
"""
PANEL = f"query ($under: ID) {{ organizationalLife(under: $under) {{ {FIELDS} }} }}"
FEED = f"subscription ($under: ID) {{ organizationalLife(under: $under) {{ {FIELDS} }} }}"
ALL_KINDS = ("branch_assembly", "branch_committee", "group_meeting", "party_lecture", "party_day")
MONTHLY = ("branch_committee", "group_meeting", "party_day")


@pytest.fixture
async def branches(app: Starlette, database: Database, world: World) -> Branches:
    await ensure_brackets(database)
    return await build_branches(database, world, app.state.services.tokens)


async def keep_the_quarter(database: Database, world: World, branch: str) -> None:
    """`branch` holds every monthly kind in each month of the quarter so far, and every kind
    this month (one of its two members present at each)."""
    now = utcnow()
    month = month_of(now)
    async with database.transaction() as session:
        for earlier in (m for m in quarter_months(month) if m < month):
            for kind in MONTHLY:
                starts = datetime.fromisoformat(f"{earlier}-05T02:00:00+00:00")
                await create_meeting(session, world.orgs[branch], kind, starts, present=1)
        for kind in ALL_KINDS:
            await create_meeting(session, world.orgs[branch], kind, now, present=1)


async def panel(client: httpx.AsyncClient, token: str, under: str | None) -> dict[str, Any]:
    body = await execute(client, PANEL, {"under": under}, token=token)
    assert "errors" not in body, body
    found: dict[str, Any] = body["data"]["organizationalLife"]
    return found


async def test_the_panel_shows_compliance_attendance_and_dues_collection_this_month(
    client: httpx.AsyncClient, branches: Branches, database: Database, world: World
) -> None:
    # given grid_a1 kept every cadence this quarter, grid_a2 held nothing; m1 and m2 owe this
    # month's dues and m1 paid them
    await keep_the_quarter(database, world, "grid_a1")
    for member in ("m1", "m2"):
        assert "errors" not in await declare(client, world, member, months_back=0)
    assert "errors" not in await pay(client, world, "m1", "k-1", months=[month_back(0)])
    # when community_a's secretary reads the panel
    found = await panel(client, world.tokens["secretary"], world.org_id("community_a"))
    # then one branch of two is compliant this month and quarter, attendance is half, and
    # dues collection is one member of two
    assert found["month"] == month_of(utcnow())
    assert (found["branches"], found["compliantThisMonth"], found["behindThisMonth"]) == (2, 1, 1)
    assert (found["compliantThisQuarter"], found["compliantShareThisQuarter"]) == (1, 0.5)
    assert (found["meetingsHeldThisMonth"], found["attendanceRateThisMonth"]) == (5, 0.5)
    assert (found["duesDueMembers"], found["duesPaidMembers"]) == (2, 1)
    assert found["duesCollectionRate"] == 0.5
    assert found["duesPaidFen"] > 0


async def test_the_panel_is_for_secretaries_and_administrators_within_their_scope(
    client: httpx.AsyncClient, branches: Branches, world: World
) -> None:
    # given the world's accounts
    community_a = world.org_id("community_a")
    # when others ask for community_a's panel, and the administrator for their whole scope
    refused = {
        who: error_codes(await execute(client, PANEL, {"under": community_a},
                                       token=branches.token(who)))
        for who in ("outsider", "grid_worker", "resident", "partner", "m1")
    }  # fmt: skip
    everything = await panel(client, world.tokens["admin"], None)
    # then they are refused (community_b's secretary cannot even see community_a), and the
    # administrator's panel covers the city's 3 branches
    assert refused == {
        "outsider": ["NOT_FOUND"],
        **{who: ["FORBIDDEN"] for who in ("grid_worker", "resident", "partner", "m1")},
    }
    assert everything["branches"] == 3


async def test_the_panel_costs_the_same_statements_for_a_branch_and_the_whole_city(
    app: Starlette, client: httpx.AsyncClient, branches: Branches, world: World
) -> None:
    # given the administrator
    counted = {}
    for name in ("grid_a1", "city"):
        # when they read the panel of one branch, then of the city
        with count_statements(app.state.services.database.engine, this_context_only=True) as found:
            await panel(client, world.tokens["admin"], world.org_id(name))
        counted[name] = len(found)
    # then both cost the same few statements: kept figures, no branch read one by one
    assert counted["grid_a1"] == counted["city"] <= 8


@pytest.fixture
async def centre(
    app: Starlette,
) -> AsyncIterator[tuple[CommandCentre[OrgLifePanel], list[int], asyncio.Event]]:
    """A feed whose second computation waits for `gate` (the test opens it), counting each."""
    services: Services = app.state.services
    computed: list[int] = []
    gate = asyncio.Event()

    async def compute(roots: tuple[str, ...]) -> OrgLifePanel:
        computed.append(len(computed) + 1)
        if len(computed) == 2:
            await gate.wait()
        return await compute_panel(services.database.read, roots, datetime.now(UTC))

    centre = CommandCentre(services.hub, compute, interval=0.2, watched=PANEL_EVENTS)
    yield centre, computed, gate
    await centre.close()


async def test_a_burst_of_dues_events_is_coalesced_into_a_few_snapshots_the_last_exact(
    client: httpx.AsyncClient,
    branches: Branches,
    world: World,
    centre: tuple[CommandCentre[OrgLifePanel], list[int], asyncio.Event],
) -> None:
    # given a screen on community_a, with its first snapshot
    feed, computed, gate = centre
    screen = feed.watch([world.orgs["community_a"].path])
    async with asyncio.timeout(10):
        first = await screen.__anext__()
    assert first.dues_due_members == 0
    # when three members declare and pay this month's dues (six dues events)
    for member in ("m1", "m2", "m3"):
        assert "errors" not in await declare(client, world, member, months_back=0)
        assert "errors" not in await pay(client, world, member, f"k-{member}")
    gate.set()
    # then the screen reaches the exact figures after a few computations, not one per event
    async with asyncio.timeout(10):
        latest = first
        while latest.dues_paid_members < 3:
            latest = await screen.__anext__()
    assert (latest.dues_due_members, latest.dues_paid_members) == (3, 3)
    assert len(computed) <= 4
    await screen.aclose()


@pytest.fixture
async def http(live_server: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"http://{live_server}") as client:
        yield client


async def test_a_screen_gets_the_panel_then_a_new_one_when_a_meeting_is_held(
    live_server: str, http: httpx.AsyncClient, branches: Branches, world: World
) -> None:
    # given the secretary's screen on community_a, with its first panel
    socket = await SubscriptionClient.open(live_server, token=world.tokens["secretary"])
    await socket.subscribe(FEED, {"under": world.org_id("community_a")})
    first = (await socket.next_payload())["data"]["organizationalLife"]
    assert first["meetingsHeldThisMonth"] == 0
    # when a meeting of grid_a1 is scheduled and held through the API
    meeting = await schedule(http, branches)
    assert "errors" not in await advance(http, branches, meeting, "HOLD")
    # then the screen receives a panel that counts it
    while True:
        found = (await socket.next_payload())["data"]["organizationalLife"]
        if found["meetingsHeldThisMonth"] == 1:
            break
    assert found["branches"] == 2
    await socket.close()


async def test_a_screen_outside_the_viewers_scope_is_refused(
    live_server: str, branches: Branches, world: World
) -> None:
    # given community_b's secretary
    socket = await SubscriptionClient.open(live_server, token=world.tokens["outsider"])
    # when they subscribe to community_a's panel
    await socket.subscribe(FEED, {"under": world.org_id("community_a")})
    payload = await socket.next_payload()
    # then they are refused, as commandCentre refuses them: community_a is not theirs to see
    assert [e["extensions"]["code"] for e in payload["errors"]] == ["NOT_FOUND"]
    await socket.close()
