"""Soak: the big screen through thousands of events and dozens of reconnects, without growing.

A command-centre screen stays open for days. This drives one page through a live server with
thousands of events (petitions raised, organisations renamed, two dozen stations flipping
OPEN ⇄ BUSY from gateways' batches of device readings, all through the API, so the
commandCentre and petitionStatistics snapshots follow too) and dozens of reconnects (sockets
aborted server-side, as a network failure would, and server restarts on the same port, with
events made meanwhile). The page's memory is read over the DevTools protocol after a forced
garbage collection, once warmed up (the ticker full, every chart's node pool built, every
path, a restart included, run and compiled) and again at the end.

The bounds: DOM nodes and JS event listeners must not grow beyond a small slack (NODE_SLACK,
LISTENER_SLACK): everything the page draws is a fixed pool or bounded by what is in scope, so
one node or listener kept per reconnect (dozens) or per event (thousands) breaks them. The JS
heap may move by HEAP_SLACK: measured over 80 rounds (11,000 events, 80 reconnects), it
climbs about 110 KiB in the first twenty rounds after the warm-up as V8 optimises the hot
paths, then stays flat within a few KiB; keeping 100 bytes per event would exceed the bound, and a socket kept per reconnect adds its three handlers to the
listener count (a kept socket weighs only about 1 KiB of heap). The page must still be live
and exact at the end: every event shown exactly once, a final one appears, and the server
holds no more event streams than one connected page needs (aborted sockets leave nothing
behind, once garbage is collected).
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import os
import time

import httpx
import pytest
from sqlalchemy import func, select

from db.engine import Database
from db.events.log import EventRow
from resolvers.access import EVENT_PERMISSIONS
from resolvers.pagination import decode_cursor
from server import Settings
from tests.browser import Browser, PageMemory
from tests.graphql import execute
from tests.petition_support import categories, petition_input
from tests.screen_load import RENAME, SUBMIT, Load, door_counters
from tests.screen_support import CONNECTED, RestartableServer, wait_for_text, wait_for_ticker
from tests.world import World
from tests.ws import event_path

pytestmark = pytest.mark.soak

WARM_UP_ROUNDS = 4
ROUNDS = int(os.environ.get("ZHDJ_SOAK_ROUNDS", "12"))  # more for a longer soak
PETITIONS_PER_ROUND = 8
RENAMES_PER_ROUND = 4
FLIPS_PER_ROUND = 6  # gateway batches, each flipping the status of 24 stations
RESTART_EVERY = 4  # reconnects 1, 5, 9 … restart the server; the others abort the sockets
NODE_SLACK = 30
LISTENER_SLACK = 0
HEAP_SLACK = 256 * 1024

STATE = "window.__zhdj.state"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Cost buckets deep enough for thousands of requests from one account in a minute."""
    return settings.model_copy(update={"cost_bucket_size": 10**7, "cost_restore_rate": 10**6})


async def visible_events_after(database: Database, event_id: int) -> int:
    """Events after `event_id` that the administrator's events subscription delivers."""
    async with database.session() as session:
        found = await session.scalar(
            select(func.count(EventRow.id)).where(
                EventRow.id > event_id, EventRow.entity_type.in_(list(EVENT_PERMISSIONS))
            )
        )
    return int(found or 0)


class Soak:
    def __init__(
        self,
        server: RestartableServer,
        browser: Browser,
        load: Load,
        other_instance: httpx.AsyncClient,
        database: Database,
    ) -> None:
        self.server = server
        self.browser = browser
        self.load = load
        self.other_instance = other_instance
        self.database = database
        self.reconnects = itertools.count(1)
        self.restarts = 0
        self.cuts = 0
        self.shown_at_start = 0
        self.start_id = 0

    async def begin(self) -> None:
        await self.browser.wait_for(CONNECTED, timeout=15)
        state = await self.browser.evaluate(STATE)
        self.shown_at_start = state["eventsSeen"]
        self.start_id = decode_cursor(state["cursor"], field="after")

    async def rounds(self, http: httpx.AsyncClient, count: int) -> None:
        for _ in range(count):
            await self.load.round(http, PETITIONS_PER_ROUND, RENAMES_PER_ROUND, FLIPS_PER_ROUND)
            await self.reconnect(http)

    async def reconnect(self, http: httpx.AsyncClient) -> None:
        """Cut the page off (abort its socket, or restart the server), with events meanwhile."""
        if next(self.reconnects) % RESTART_EVERY == 1:
            await self.server.stop()
            await self.browser.wait_for(f"{STATE}.connection === 'reconnecting'", timeout=10)
            await self.load.petitions(self.other_instance, 3)  # made while the page is away
            await self.server.start()
            self.restarts += 1
        else:
            assert self.server.cut_websockets() == 1
            await self.browser.wait_for(f"{STATE}.connection === 'reconnecting'", timeout=10)
            await self.load.renames(http, 3)  # made while the page is away
            self.cuts += 1
        await self.browser.wait_for(CONNECTED, timeout=20)

    async def settle(self) -> int:
        """Wait until every event made so far is on the page; how many it has shown."""
        expected = self.shown_at_start + await visible_events_after(self.database, self.start_id)
        try:
            await self.browser.wait_for(f"{STATE}.eventsSeen >= {expected}", timeout=30)
        except TimeoutError:
            shown = (await self.browser.evaluate(STATE))["eventsSeen"]
            pytest.fail(f"the page showed {shown} of {expected} events: {self.browser.console}")
        await asyncio.sleep(0.5)  # nothing more arrives: every event exactly once
        shown = int((await self.browser.evaluate(STATE))["eventsSeen"])
        assert shown == expected, f"{shown - expected} events shown twice"
        return shown


async def server_streams(http: httpx.AsyncClient) -> int:
    """Event streams the live server holds (its /metrics gauge)."""
    return int((await event_path(http))["streams"])


async def wait_for_streams(http: httpx.AsyncClient, wanted: int) -> int:
    """The server's stream count once it is `wanted` (or what it is after 5 s)."""
    deadline = time.monotonic() + 5
    while (streams := await server_streams(http)) != wanted and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    return streams


async def collected_streams(http: httpx.AsyncClient) -> int:
    """The server's stream count after a garbage collection: an aborted socket's event stream
    may stay registered until the cyclic collector frees the async generator that held it
    (the server runs in this process; the generator's finaliser then runs on the loop)."""
    gc.collect()
    await asyncio.sleep(0.5)
    return await server_streams(http)


def report(label: str, memory: PageMemory) -> None:
    print(
        f"{label:>9}: heap {memory.heap_used / 1024:8.0f} KiB, nodes {memory.nodes:5d}, "
        f"listeners {memory.listeners:4d}, documents {memory.documents}"
    )


async def test_the_screen_survives_thousands_of_events_and_dozens_of_reconnects_without_growing(
    screen_server: RestartableServer,
    browser: Browser,
    world: World,
    database: Database,
    client: httpx.AsyncClient,
) -> None:
    began = time.monotonic()
    load = Load(world, await door_counters(database, world), await categories(database))
    soak = Soak(screen_server, browser, load, client, database)
    await browser.goto(screen_server.url(f"?token={world.tokens['admin']}"))
    await soak.begin()
    # A connection kept alive across a server restart may be read after the server closed it.
    fresh = httpx.Limits(max_keepalive_connections=0)
    address = f"http://{screen_server.address}"
    async with httpx.AsyncClient(base_url=address, timeout=30, limits=fresh) as http:
        await soak.rounds(http, WARM_UP_ROUNDS)
        warm_events = await soak.settle()
        warm_reconnects = (soak.cuts, soak.restarts)
        streams = await collected_streams(http)
        baseline = await browser.memory()

        await soak.rounds(http, ROUNDS)
        await soak.settle()
        # Still live: a final petition and the shown organisation's new name show at once.
        await execute(
            http,
            SUBMIT,
            {"input": petition_input(world, load.codes, title="浸泡测试终检")},
            token=world.tokens["resident"],
        )
        await execute(
            http,
            RENAME,
            {"id": world.org_id("city"), "name": "浸泡测试市委"},
            token=world.tokens["admin"],
        )
        await wait_for_ticker(browser, "浸泡测试终检", timeout=5)
        await wait_for_text(browser, "org-name", "浸泡测试市委", timeout=5)
        events = await soak.settle()
        final = await browser.memory()
        lingering = await wait_for_streams(http, streams) - streams
        final_streams = await collected_streams(http)

    ticker = await browser.evaluate(
        "[...document.querySelectorAll('#ticker li')].map((li) => li.dataset.cursor)"
    )
    cuts, restarts = soak.cuts - warm_reconnects[0], soak.restarts - warm_reconnects[1]
    print(
        f"\nsoak: {events - warm_events} events and {cuts + restarts} reconnects ({cuts} sockets "
        f"aborted, {restarts} server restarts) after a warm-up of {warm_events} events and "
        f"{sum(warm_reconnects)} reconnects; {time.monotonic() - began:.0f} s in all"
    )
    report("warmed up", baseline)
    report("end", final)
    print(
        f"   growth: heap {(final.heap_used - baseline.heap_used) / 1024:+.0f} KiB "
        f"(bound {HEAP_SLACK // 1024} KiB), nodes {final.nodes - baseline.nodes:+d} "
        f"(bound {NODE_SLACK}), listeners {final.listeners - baseline.listeners:+d} "
        f"(bound {LISTENER_SLACK}); server event streams {streams} → {final_streams} "
        f"({lingering:+d} until garbage collection)"
    )
    assert len(ticker) == len(set(ticker)) == 50
    assert final_streams == streams
    assert final.documents == baseline.documents
    assert final.nodes <= baseline.nodes + NODE_SLACK
    assert final.listeners <= baseline.listeners + LISTENER_SLACK
    assert final.heap_used <= baseline.heap_used + HEAP_SLACK
