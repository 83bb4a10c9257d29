"""`/` leads a person to the IDE, the screen, the schema and the documents."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from schema.version import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parent.parent


async def test_the_home_page_links_the_ide_the_screen_the_schema_and_the_docs(
    client: httpx.AsyncClient,
) -> None:
    # when
    response = await client.get("/")

    # then
    links = re.findall(r'href="([^"]+)"', response.text)
    assert response.status_code == 200
    assert {"/graphql", "/screen", "/schema.graphql", "/docs/README.md"} <= set(links)
    assert SCHEMA_VERSION in response.text


async def test_every_link_on_the_home_page_answers(client: httpx.AsyncClient) -> None:
    page = (await client.get("/")).text

    statuses = {
        link: (await client.get(link, headers={"Accept": "text/html"})).status_code
        for link in re.findall(r'href="(/[^"]*)"', page)
    }

    assert set(statuses.values()) == {200}, statuses


async def test_the_served_schema_is_the_committed_sdl(client: httpx.AsyncClient) -> None:
    response = await client.get("/schema.graphql")

    assert response.text == (ROOT / "schema.graphql").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["README.md", "CHANGELOG.md"])
async def test_the_documents_are_served_as_markdown(client: httpx.AsyncClient, name: str) -> None:
    response = await client.get(f"/docs/{name}")

    assert response.headers["content-type"] == "text/markdown; charset=utf-8"
    assert response.text == (ROOT / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["pyproject.toml", "..%2Fserver.py", "architecture.md"])
async def test_nothing_but_the_listed_documents_is_served(
    client: httpx.AsyncClient, name: str
) -> None:
    assert (await client.get(f"/docs/{name}")).status_code == 404
