"""The big screen under test: a restartable live server, stations to show, and the page read."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest
import uvicorn
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

from server import Settings, create_app
from tests.browser import Browser
from tests.graphql import execute
from tests.processes import free_port
from tests.world import World

# What the screen shows, as the API reports it (tests compare the two).
FIGURES = """
query ($org: ID!) {
  organization(id: $org) { name statistics { memberCount pipelineCount } }
  petitionStatistics(under: $org, days: 30) { openNow overdueNow satisfactionRate }
  stationAwareness(under: $org) { totals { stations visitorsNow servedToday byStatus { status count } } }
}
"""
CONNECTED = "window.__zhdj?.state.connection === 'connected'"
MAP_CIRCLES = "document.querySelectorAll('#map .stations circle').length"
NOTICE_SHOWN = "!document.querySelector('[data-testid=notice]').hidden"
LOGIN_SHOWN = "!document.getElementById('login').hidden"
CREATE_STATION = """
mutation ($org: ID!, $name: String!, $lon: Float!, $lat: Float!) {
  createStation(input: {organizationId: $org, name: $name, address: "测试路1号",
    longitude: $lon, latitude: $lat, capacity: 30, opensAt: "00:00:00", closesAt: "00:00:00",
    services: [PARTY_AFFAIRS]}) { station { id } }
}
"""
ADD_DEVICE = """
mutation ($station: ID!) {
  addStationDevice(input: {stationId: $station, kind: DOOR_COUNTER, name: "正门"}) { token }
}
"""


class RestartableServer:
    """The app under uvicorn on a fixed port, which a test may stop and start again."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.port = free_port()
        self.address = f"127.0.0.1:{self.port}"
        self.server: uvicorn.Server | None = None
        self.task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        config = uvicorn.Config(
            create_app(self.settings),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            ws="websockets-sansio",
            lifespan="on",
            timeout_graceful_shutdown=2,
        )
        self.server = uvicorn.Server(config)
        self.task = asyncio.create_task(self.server.serve())
        async with asyncio.timeout(10):
            while not self.server.started:
                if self.task.done():
                    await self.task
                    raise RuntimeError("the server stopped while starting")
                await asyncio.sleep(0.02)

    async def stop(self) -> None:
        if self.server is not None and self.task is not None:
            self.server.should_exit = True
            async with asyncio.timeout(15):
                await self.task
        self.server = self.task = None

    def cut_websockets(self) -> int:
        """Abort every open websocket's TCP connection, as a network failure would."""
        assert self.server is not None
        cut = 0
        for connection in list(self.server.server_state.connections):
            if isinstance(connection, WebSocketsSansIOProtocol):
                connection.transport.abort()
                cut += 1
        return cut

    def url(self, query: str = "") -> str:
        return f"http://{self.address}/screen{query}"


def expected_figures(body: dict[str, Any]) -> dict[str, str]:
    """The texts the screen should show, from a `FIGURES` response."""
    assert "errors" not in body, body
    data = body["data"]
    totals = data["stationAwareness"]["totals"]
    statistics = data["petitionStatistics"]
    online = sum(s["count"] for s in totals["byStatus"] if s["status"] in ("OPEN", "BUSY"))
    rate = statistics["satisfactionRate"]
    return {
        "org-name": data["organization"]["name"],
        "members": f"{data['organization']['statistics']['memberCount']:,}",
        "pipeline": f"发展中 {data['organization']['statistics']['pipelineCount']:,} 人",
        "stations-online": f"{online:,}",
        "visitors-now": f"{totals['visitorsNow']:,}",
        "served-today": f"{totals['servedToday']:,}",
        "open-petitions": f"{statistics['openNow']:,}",
        "overdue-petitions": f"{statistics['overdueNow']:,}",
        "satisfaction": "—" if rate is None else f"{rate * 100:.1f}%",
    }


async def screen_figures(browser: Browser, names: list[str]) -> dict[str, str | None]:
    return {name: await browser.text(name) for name in names}


async def wait_for_text(browser: Browser, testid: str, wanted: str, timeout: float) -> float:
    """Seconds until the element shows `wanted`; fails after `timeout`."""
    began = time.monotonic()
    try:
        await browser.wait_for(
            f"document.querySelector('[data-testid=\"{testid}\"]')?.textContent === {wanted!r}",
            timeout=timeout,
        )
    except TimeoutError:
        shown = await browser.text(testid)
        pytest.fail(
            f"{testid} showed {shown!r}, not {wanted!r}, after {timeout} s: {browser.console}"
        )
    return time.monotonic() - began


async def wait_for_ticker(browser: Browser, text: str, timeout: float) -> None:
    try:
        await browser.wait_for(
            f"document.querySelector('[data-testid=ticker]').textContent.includes({text!r})",
            timeout=timeout,
        )
    except TimeoutError:
        pytest.fail(f"the ticker did not show {text!r} within {timeout} s: {browser.console}")


async def add_stations(http: httpx.AsyncClient, world: World) -> list[str]:
    """A station with a door counter in community A and in community B; the device tokens."""
    device_tokens = []
    for org, name, lon, lat in (
        ("community_a", "甲社区党群服务站", 120.10, 30.20),
        ("community_b", "乙社区党群服务站", 120.30, 30.35),
    ):
        created = await execute(
            http,
            CREATE_STATION,
            {"org": world.org_id(org), "name": name, "lon": lon, "lat": lat},
            token=world.tokens["admin"],
        )
        assert "errors" not in created, created
        station = created["data"]["createStation"]["station"]["id"]
        added = await execute(http, ADD_DEVICE, {"station": station}, token=world.tokens["admin"])
        device_tokens.append(added["data"]["addStationDevice"]["token"])
    return device_tokens


async def sign_in_with_the_form(browser: Browser, username: str, password: str) -> None:
    await browser.wait_for(LOGIN_SHOWN, timeout=10)
    await browser.evaluate(
        f"""(() => {{
          const form = document.getElementById('login');
          form.username.value = {username!r};
          form.password.value = {password!r};
          form.requestSubmit();
        }})()"""
    )
