"""The command-centre big screen `/screen` in headless Chromium against a live server."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import httpx

from db.engine import Database
from generators.demo.names import DEMO_PASSWORD
from generators.demo.seed import seed_demo
from screen.page import SCREEN_DIRECTORY
from server import Settings, create_app
from tests.browser import Browser
from tests.graphql import execute
from tests.petition_support import categories, petition_input
from tests.screen_support import (
    CONNECTED,
    FIGURES,
    MAP_CIRCLES,
    RestartableServer,
    add_stations,
    expected_figures,
    screen_figures,
    sign_in_with_the_form,
    wait_for_text,
    wait_for_ticker,
)
from tests.station_fixtures import reading
from tests.world import World

SCREENSHOT = os.environ.get("ZHDJ_SCREEN_SHOT")  # the demo screenshot is also saved here when set

RECORD = "mutation ($input: ReadingInput!) { recordReading(input: $input) { accepted } }"
SUBMIT = (
    "mutation ($input: SubmitPetitionInput!) { submitPetition(input: $input) { petition { id } } }"
)
ACCEPT = "mutation ($id: ID!) { acceptPetition(input: {id: $id}) { petition { status } } }"
RENAME = """
mutation ($id: ID!, $name: String!) {
  updateOrganization(input: {id: $id, name: $name}) { organization { id } }
}
"""
LOGIN = (
    "mutation ($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }"
)
DEMO_PLACES = """
{
  viewer { roles { organization { id } } }
  petitionCategories { id code }
  organizations(filter: {levels: [GRID]}, first: 1) { nodes { id } }
}
"""
# (subcategory, title, content) of the petitions raised while the demo screen is watched
DEMO_PETITIONS = (
    (
        "PM-PARKING",
        "电动车充电桩不足",
        "小区电动车充电桩不足，居民飞线充电，楼道停放电动车，很危险。",
    ),
    ("PM-ENV", "垃圾分类点满溢", "5号楼旁边的垃圾分类点满溢，已经3天没有清运，气味很大。"),
    ("PM-PROPERTY", "电梯经常故障", "8号楼电梯本月故障4次，多次困人，老人上下楼很困难。"),
    ("SF-NOISE", "夜间施工噪音", "附近工地夜间施工噪音扰民，凌晨还在作业，影响居民休息。"),
    ("PS-ELDER", "独居老人助餐", "12号楼独居老人行动不便，希望社区提供助餐送餐服务。"),
)


async def test_the_page_and_each_of_its_modules_are_served_by_zhdj_under_a_strict_policy(
    screen_server: RestartableServer,
) -> None:
    async with httpx.AsyncClient(base_url=f"http://{screen_server.address}") as http:
        page = await http.get("/screen")
        assert page.status_code == 200
        policy = page.headers["content-security-policy"]
        assert "script-src 'self'" in policy
        assert "https:" not in policy
        modules = sorted(path.name for path in SCREEN_DIRECTORY.glob("*.js"))
        assert "screen.js" in modules
        for name in modules:
            script = await http.get(f"/screen/assets/{name}")
            assert script.status_code == 200, name
            assert "javascript" in script.headers["content-type"], name
            assert len(script.content) < 10_000, f"{name} should stay one small module"


async def test_the_big_screen_is_live_and_recovers_from_a_server_restart(
    screen_server: RestartableServer,
    browser: Browser,
    world: World,
    database: Database,
    client: httpx.AsyncClient,
    tmp_path: Path,
) -> None:
    admin = world.tokens["admin"]
    codes = await categories(database)
    async with httpx.AsyncClient(base_url=f"http://{screen_server.address}") as http:
        device_tokens = await add_stations(http, world)
        body = await execute(http, RECORD, {"input": reading(device_tokens[1], 1, "ENTERED", 2)})
        assert body["data"]["recordReading"] == {"accepted": 1}, body
        first = await execute(
            http,
            SUBMIT,
            {"input": petition_input(world, codes, title="井盖松动")},
            token=world.tokens["resident"],
        )
        assert "errors" not in first, first

        # The page: signed in by a token in the address; the viewer's top node by default.
        await browser.goto(screen_server.url(f"?token={admin}"))
        await browser.wait_for(CONNECTED, timeout=15)
        assert "token=" not in await browser.evaluate("location.href")
        expected = expected_figures(
            await execute(http, FIGURES, {"org": world.org_id("city")}, token=admin)
        )
        for name, value in expected.items():
            await wait_for_text(browser, name, value, timeout=5)
        assert expected["stations-online"] == "1"
        assert expected["visitors-now"] == "2"
        assert await browser.evaluate(MAP_CIRCLES) == 2
        assert await browser.text("connection-state") == "连接状态: 已连接"

        # A petition submitted through the API shows within 2 seconds.
        open_before = int(expected["open-petitions"])
        second = await execute(
            http,
            SUBMIT,
            {"input": petition_input(world, codes, title="电梯异响")},
            token=world.tokens["resident"],
        )
        assert "errors" not in second, second
        assert await wait_for_text(browser, "open-petitions", str(open_before + 1), timeout=2) < 2
        await wait_for_ticker(browser, "电梯异响", timeout=2)

        # A telemetry reading through the API changes the visitors within 2 seconds.
        body = await execute(http, RECORD, {"input": reading(device_tokens[0], 1, "ENTERED", 5)})
        assert body["data"]["recordReading"] == {"accepted": 1}, body
        assert await wait_for_text(browser, "visitors-now", "7", timeout=2) < 2
        await wait_for_text(browser, "stations-online", "2", timeout=2)
        now = expected_figures(
            await execute(http, FIGURES, {"org": world.org_id("city")}, token=admin)
        )
        assert await screen_figures(browser, list(now)) == now
        await browser.screenshot(tmp_path / "screen.png")

    # The server goes away: the page says so, and an event made meanwhile (by another
    # instance on the same database) shows once it is back, resumed from its cursor.
    cursor = await browser.evaluate("window.__zhdj.state.cursor")
    assert cursor
    await screen_server.stop()
    await browser.wait_for("window.__zhdj.state.connection === 'reconnecting'", timeout=5)
    assert await browser.text("connection-state") == "连接状态: 重连中…"
    renamed = await execute(
        client, RENAME, {"id": world.org_id("grid_a2"), "name": "离线期间更名网格"}, token=admin
    )
    assert "errors" not in renamed, renamed
    await asyncio.sleep(1)
    await screen_server.start()
    await browser.wait_for(CONNECTED, timeout=20)
    await wait_for_ticker(browser, "离线期间更名网格", timeout=5)
    # Resumed, not replayed: nothing shown before the cut appears twice.
    shown = await browser.evaluate(
        "[...document.querySelectorAll('#ticker li')].map((li) => li.dataset.cursor)"
    )
    assert len(shown) == len(set(shown))
    await browser.screenshot(tmp_path / "screen-after-restart.png")


async def raise_demo_petitions(http: httpx.AsyncClient) -> None:
    """What a watched demo screen sees happen: petitions raised, one accepted at once."""
    tokens = {}
    for username in ("resident", "secretary"):
        body = await execute(http, LOGIN, {"u": username, "p": DEMO_PASSWORD})
        tokens[username] = body["data"]["login"]["token"]
    places = await execute(http, DEMO_PLACES, token=tokens["resident"])
    assert "errors" not in places, places
    category = {row["code"]: row["id"] for row in places["data"]["petitionCategories"]}
    grid = places["data"]["organizations"]["nodes"][0]["id"]
    for code, title, content in DEMO_PETITIONS:
        petition = {"title": title, "content": content, "categoryId": category[code]}
        body = await execute(
            http, SUBMIT, {"input": petition | {"gridId": grid}}, token=tokens["resident"]
        )
        assert "errors" not in body, body
    accepted = await execute(
        http,
        ACCEPT,
        {"id": body["data"]["submitPetition"]["petition"]["id"]},
        token=tokens["secretary"],
    )
    assert accepted["data"]["acceptPetition"]["petition"]["status"] == "ACCEPTED", accepted


ORGLIFE = "query ($org: ID) { organizationalLife(under: $org) { branches behindThisMonth } }"
ORGLIFE_LIVE = "document.querySelector('[data-testid=orglife]').dataset.state === 'live'"


async def test_the_demo_city_on_the_big_screen_matches_the_api(
    database: Database, screen_server: RestartableServer, browser: Browser, tmp_path: Path
) -> None:
    await seed_demo(database, history_days=30)
    await browser.goto(screen_server.url())
    await sign_in_with_the_form(browser, "admin", DEMO_PASSWORD)
    await browser.wait_for(CONNECTED, timeout=20)
    async with httpx.AsyncClient(base_url=f"http://{screen_server.address}") as http:
        await raise_demo_petitions(http)
        for _code, title, _content in DEMO_PETITIONS:
            await wait_for_ticker(browser, title, timeout=5)
        admin = (await execute(http, LOGIN, {"u": "admin", "p": DEMO_PASSWORD}))["data"]
        org = await browser.evaluate("window.__zhdj.state.org")
        expected = expected_figures(
            await execute(http, FIGURES, {"org": org}, token=admin["login"]["token"])
        )
        panel = await execute(http, ORGLIFE, {"org": org}, token=admin["login"]["token"])
        life = panel["data"]["organizationalLife"]
        orglife_behind = f"{life['behindThisMonth']:,} / {life['branches']:,}"
    for name, value in expected.items():
        await wait_for_text(browser, name, value, timeout=5)
    assert expected["org-name"] == "中共江州市委员会"
    # every station is on the map, and only those serving now count as online 在线
    total = int("".join(ch for ch in await browser.text("stations-total") or "" if ch.isdigit()))
    assert await browser.evaluate(MAP_CIRCLES) == total > 0
    assert int(expected["stations-online"].replace(",", "")) <= total
    # the map's other layers: outlines, an activity running now, the resource wall
    state = await browser.evaluate("window.__zhdj.state")
    assert state["outlines"] > 4
    assert state["activities"] > 0
    assert state["wall"] > 0
    assert await browser.text("activities-running") not in (None, "—", "0")
    assert await browser.evaluate("document.querySelectorAll('#words span').length") > 10
    await wait_for_ticker(browser, "已受理", timeout=5)
    # the organisational-life panel is live and says what the API says
    await browser.wait_for(ORGLIFE_LIVE, timeout=5)
    await wait_for_text(browser, "orglife-behind", orglife_behind, timeout=5)
    await asyncio.sleep(1.6)  # the newest ticker line's flash has faded
    await browser.screenshot(tmp_path / "screen.png")
    if SCREENSHOT:
        await browser.screenshot(Path(SCREENSHOT))


async def test_the_screen_policy_takes_no_host_from_the_request(client: httpx.AsyncClient) -> None:
    # a Host header is the client's to choose: it must not widen what the page may reach
    response = await client.get("/screen", headers={"Host": "evil.example:1; script-src *"})
    policy = response.headers["content-security-policy"]
    assert "connect-src 'self';" in policy
    assert "evil" not in policy


async def test_the_screen_policy_lists_the_configured_origins(settings: Settings) -> None:
    configured = settings.model_copy(update={"screen_origins": ["wss://screen.example:8443"]})
    transport = httpx.ASGITransport(app=create_app(configured))
    async with httpx.AsyncClient(transport=transport, base_url="http://zhdj.test") as client:
        response = await client.get("/screen")
    assert (
        "connect-src 'self' wss://screen.example:8443;"
        in (response.headers["content-security-policy"])
    )
