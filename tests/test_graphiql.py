"""GraphiQL from this server alone: every asset served here, proven in a browser cut off from
everything but the server."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from server import Settings
from tests.browser import Browser
from tests.conftest import IN_CI
from tests.world import World
from transport.graphiql import ASSETS_PATH, graphiql_page, self_hosted_page

CDN_PAGE = """
<script src="https://unpkg.com/react@18.2.0/umd/react.production.min.js"></script>
<link href="https://unpkg.com/@graphiql/plugin-explorer@1.0.2/dist/style.css" />
"""
ASSET = re.compile(r'(?:src|href)="(/graphiql/assets/[^"]+)"\s+integrity="(sha384-[^"]+)"')
HTML = {"Accept": "text/html"}


@pytest.fixture(scope="module")
def installed() -> None:
    """The assets `make install` puts in place; the CI run must have them."""
    if not graphiql_page().self_hosted:
        if IN_CI:
            pytest.fail("GraphiQL's assets are not installed: `make install` runs `npm ci`")
        pytest.skip("GraphiQL's assets are not installed (run `make install` with npm)")


def package(modules: Path, name: str, version: str, files: list[str]) -> None:
    folder = modules / name
    folder.mkdir(parents=True)
    (folder / "package.json").write_text(json.dumps({"name": name, "version": version}))
    for file in files:
        (folder / file).parent.mkdir(parents=True, exist_ok=True)
        (folder / file).write_text("/* asset */")


def test_every_cdn_address_becomes_this_servers_when_installed(tmp_path: Path) -> None:
    # given both packages installed at the page's versions
    package(tmp_path, "react", "18.2.0", ["umd/react.production.min.js"])
    package(tmp_path, "@graphiql/plugin-explorer", "1.0.2", ["dist/style.css"])

    # when the page is made self-hosted
    page = self_hosted_page(CDN_PAGE, tmp_path)

    # then it names only this server's addresses, each one a file
    assert "unpkg.com" not in page.html
    assert sorted(page.files) == [
        "@graphiql/plugin-explorer@1.0.2/dist/style.css",
        "react@18.2.0/umd/react.production.min.js",
    ]
    assert page.self_hosted


@pytest.mark.parametrize("react_version", [None, "18.3.1"])
def test_a_missing_or_other_version_keeps_the_whole_cdn_page(
    tmp_path: Path, react_version: str | None
) -> None:
    # given the explorer installed, and react missing or at another version
    package(tmp_path, "@graphiql/plugin-explorer", "1.0.2", ["dist/style.css"])
    if react_version:
        package(tmp_path, "react", react_version, ["umd/react.production.min.js"])

    # when
    page = self_hosted_page(CDN_PAGE, tmp_path)

    # then nothing is half self-hosted: the page is the CDN's, and says what is missing
    assert page.html == CDN_PAGE
    assert page.missing == ("https://unpkg.com/react@18.2.0/umd/react.production.min.js",)
    assert not page.self_hosted


async def test_the_ide_page_names_only_assets_of_this_server(
    installed: None, client: httpx.AsyncClient
) -> None:
    # when a browser asks for /graphql
    page = (await client.get("/graphql", headers=HTML)).text

    # then every script and style is this server's, with the integrity Strawberry's page gives
    assert "unpkg.com" not in page
    assert len(ASSET.findall(page)) == 7


async def test_every_asset_is_the_file_its_integrity_names(
    installed: None, client: httpx.AsyncClient
) -> None:
    page = (await client.get("/graphql", headers=HTML)).text

    for address, integrity in ASSET.findall(page):
        response = await client.get(address)
        digest = base64.b64encode(hashlib.sha384(response.content).digest()).decode()
        assert (response.status_code, f"sha384-{digest}") == (200, integrity), address
        assert "immutable" in response.headers["cache-control"]


@pytest.mark.parametrize(
    "address",
    [
        f"{ASSETS_PATH}/react@18.2.0/package.json",
        f"{ASSETS_PATH}/react@18.2.0/../../../../server.py",
        f"{ASSETS_PATH}/react@18.2.0/umd/react.development.js",
    ],
)
async def test_only_the_pages_own_files_are_served(
    installed: None, client: httpx.AsyncClient, address: str
) -> None:
    assert (await client.get(address)).status_code == 404


async def test_graphiql_off_serves_neither_page_nor_assets(
    settings: Settings, installed: None
) -> None:
    from server import create_app

    app = create_app(settings.model_copy(update={"graphiql": False}))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://zhdj.test") as client:
        page = await client.get("/graphql", headers=HTML)
        asset = await client.get(f"{ASSETS_PATH}/react@18.2.0/umd/react.production.min.js")
    assert "graphiql" not in page.text.lower()
    assert asset.status_code == 404


QUERY = "{ viewer { username } }"


async def test_graphiql_runs_a_query_with_the_network_cut(
    installed: None, chromium: str, live_server: str, world: World
) -> None:
    # given a browser that can reach this server and nothing else
    browser = await Browser.launch(chromium, offline=True)
    try:
        headers = quote(json.dumps({"Authorization": f"Bearer {world.tokens['admin']}"}))
        # when it opens GraphiQL with a query and runs it
        await browser.goto(f"http://{live_server}/graphql?q={quote(QUERY)}&headers={headers}")
        await browser.wait_for(
            "document.querySelector('.graphiql-query-editor')?.textContent.includes('viewer')",
            timeout=30,
        )
        explorer = await browser.evaluate(
            "!!document.querySelector('[aria-label=\"Show GraphiQL Explorer\"]')"
        )
        await browser.evaluate("document.querySelector('.graphiql-execute-button').click()")
        result = await browser.wait_for(
            "document.querySelector('.result-window')?.textContent.includes('\"admin\"')",
            timeout=30,
        )
    finally:
        await browser.close()

    # then the answer came, with the explorer plugin there, and no request left the server
    assert result
    assert explorer
    here = ("data:", f"http://{live_server}/")
    assert [url for url in browser.requests if not url.startswith(here)] == []
