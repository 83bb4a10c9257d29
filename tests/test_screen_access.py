"""Who sees what on the big screen: an account's scope, refusals said on the screen, sign-in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from starlette.applications import Starlette

from tests.browser import Browser
from tests.factories import PASSWORD
from tests.screen_support import (
    CONNECTED,
    LOGIN_SHOWN,
    MAP_CIRCLES,
    NOTICE_SHOWN,
    RestartableServer,
    add_stations,
    sign_in_with_the_form,
    wait_for_text,
)
from tests.world import World


async def shown_notice(browser: Browser) -> str:
    """The text of the notice over the screen, once it shows."""
    await browser.wait_for(NOTICE_SHOWN, timeout=15)
    return str(await browser.text("notice"))


async def test_an_account_sees_only_its_scope(
    screen_server: RestartableServer, browser: Browser, world: World
) -> None:
    async with httpx.AsyncClient(base_url=f"http://{screen_server.address}") as http:
        await add_stations(http, world)
    await browser.goto(screen_server.url(f"?token={world.tokens['secretary']}"))
    await browser.wait_for(CONNECTED, timeout=15)
    await wait_for_text(browser, "org-name", "A社区党委", timeout=5)
    await wait_for_text(browser, "members", "3", timeout=5)
    assert await browser.evaluate(MAP_CIRCLES) == 1
    assert await browser.evaluate(NOTICE_SHOWN) is False


async def test_an_organisation_outside_the_accounts_scope_is_refused_with_a_message(
    screen_server: RestartableServer, browser: Browser, world: World
) -> None:
    async with httpx.AsyncClient(base_url=f"http://{screen_server.address}") as http:
        await add_stations(http, world)
    await browser.goto(
        screen_server.url(f"?token={world.tokens['secretary']}&org={world.org_id('community_b')}")
    )
    notice = await shown_notice(browser)
    assert "无权查看该组织" in notice
    assert "不在本账号的查看范围内" in notice
    # Nothing of it shows, and the page does not claim to be live.
    assert await browser.text("connection-state") == "连接状态: 未连接"
    assert await browser.evaluate("window.__zhdj.state.connection") == "idle"
    assert await browser.text("org-name") != "B社区党委"
    assert await browser.evaluate(MAP_CIRCLES) == 0
    # The notice offers the account's own organisation.
    await browser.evaluate(
        "[...document.querySelectorAll('[data-testid=notice] button')]"
        ".find((b) => b.textContent === '查看本账号的组织').click()"
    )
    await browser.wait_for(CONNECTED, timeout=15)
    await wait_for_text(browser, "org-name", "A社区党委", timeout=5)
    assert await browser.evaluate(NOTICE_SHOWN) is False


async def test_a_malformed_organisation_id_is_refused_with_a_message(
    screen_server: RestartableServer, browser: Browser, world: World
) -> None:
    await browser.goto(screen_server.url(f"?token={world.tokens['admin']}&org=no-such-thing"))
    assert "组织编号无效" in await shown_notice(browser)
    assert await browser.text("connection-state") == "连接状态: 未连接"


async def test_an_expired_token_sends_the_operator_to_the_sign_in_form(
    screen_server: RestartableServer, browser: Browser, world: World, app: Starlette
) -> None:
    issued = datetime.now(UTC) - timedelta(days=30)
    expired, _ = app.state.services.tokens.issue(world.accounts["secretary"].id, now=issued)
    await browser.goto(screen_server.url(f"?token={expired}"))
    await browser.wait_for(LOGIN_SHOWN, timeout=15)
    await wait_for_text(browser, "login-error", "登录已失效或令牌无效，请重新登录", timeout=5)
    assert await browser.text("connection-state") == "连接状态: 未登录"
    assert await browser.evaluate("sessionStorage.length") == 0
    # Signing in again with the form brings the screen back.
    await sign_in_with_the_form(browser, world.accounts["secretary"].username, PASSWORD)
    await browser.wait_for(CONNECTED, timeout=15)
    await wait_for_text(browser, "org-name", "A社区党委", timeout=5)
    assert await browser.evaluate(LOGIN_SHOWN) is False


async def test_a_wrong_password_is_told_on_the_form(
    screen_server: RestartableServer, browser: Browser, world: World
) -> None:
    await browser.goto(screen_server.url())
    await sign_in_with_the_form(browser, world.accounts["secretary"].username, "not-the-password")
    await wait_for_text(browser, "login-error", "用户名或密码错误", timeout=10)
    assert await browser.text("connection-state") == "连接状态: 未登录"


async def test_an_account_without_petition_text_access_sees_the_figures_but_not_hot_words(
    screen_server: RestartableServer, browser: Browser, world: World
) -> None:
    await browser.goto(screen_server.url(f"?token={world.tokens['resident']}"))
    await browser.wait_for(CONNECTED, timeout=15)
    await wait_for_text(browser, "org-name", "A社区党委", timeout=5)
    await wait_for_text(browser, "hot-words", "本账号无权查看诉求热词", timeout=5)
    assert await browser.evaluate(NOTICE_SHOWN) is False
