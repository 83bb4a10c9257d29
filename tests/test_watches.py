"""The watches gauge: /metrics tells how many subscriptions follow the event log right now."""

from __future__ import annotations

import asyncio

import httpx

from tests.world import World
from tests.ws import LEGACY_WS, TRANSPORT_WS, SubscriptionClient, event_path, watching

EVENTS = "subscription { events { type } }"


async def test_a_subscription_counts_while_it_follows_the_log_and_not_after(
    live_server: str, world: World
) -> None:
    # given one subscriber on each protocol (a live group's member, and a stream of its own)
    clients = [
        await SubscriptionClient.open(live_server, token=world.tokens["admin"], protocol=protocol)
        for protocol in (TRANSPORT_WS, LEGACY_WS)
    ]
    async with httpx.AsyncClient(base_url=f"http://{live_server}") as http:
        assert (await event_path(http))["watches"] == 0
        # when both subscribe
        for client in clients:
            await client.subscribe(EVENTS)
        # then both are counted
        await watching(live_server, 2)
        assert (await event_path(http))["watches"] == 2
        # and when they leave, neither is
        for client in clients:
            await client.close()
        async with asyncio.timeout(10):
            while (await event_path(http))["watches"]:
                await asyncio.sleep(0.02)
