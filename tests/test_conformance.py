"""Standard clients against a live server: graphql-http's audits and the graphql-ws client."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.graphql import execute
from tests.locks import directory_lock
from tests.world import World

CLIENTS = Path(__file__).resolve().parent / "conformance"


@pytest.fixture(scope="session")
def node() -> str:
    """Node with the pinned clients installed (npm ci, once)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node and npm are needed for the conformance tests in CI")
        pytest.skip("node and npm are not installed; the conformance tests need them")
    # The other test leg may be installing them at the same moment.
    with directory_lock(CLIENTS):
        if not (CLIENTS / "node_modules" / "graphql-http").is_dir():
            subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                cwd=CLIENTS,
                check=True,
                timeout=300,
            )
    return node


async def test_graphql_over_http_audits_all_pass(node: str, live_server: str) -> None:
    process = await asyncio.create_subprocess_exec(
        node,
        "http-audit.mjs",
        f"http://{live_server}/graphql",
        cwd=CLIENTS,
        stdout=asyncio.subprocess.PIPE,
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    audits = [json.loads(line) for line in output.decode().splitlines()]
    assert len(audits) > 50
    assert [audit for audit in audits if audit["status"] != "ok"] == []


async def test_the_reference_graphql_ws_client_receives_events(
    node: str, live_server: str, world: World
) -> None:
    subscription = (
        "subscription { events { type ... on OrganizationEvent { organization { name } } } }"
    )
    process = await asyncio.create_subprocess_exec(
        node,
        "ws-subscribe.mjs",
        f"ws://{live_server}/graphql",
        world.tokens["admin"],
        subscription,
        "1",
        cwd=CLIENTS,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    async with asyncio.timeout(15):
        assert (await process.stdout.readline()).strip() == b"ready"
        async with httpx.AsyncClient(base_url=f"http://{live_server}") as http:
            await execute(
                http,
                'mutation ($id: ID!) { updateOrganization(input: {id: $id, name: "标准客户端"}) { organization { id } } }',
                {"id": world.org_id("grid_a1")},
                token=world.tokens["admin"],
            )
        result = json.loads(await process.stdout.readline())
        assert await process.wait() == 0
    assert result == {
        "data": {"events": {"type": "ORGANIZATION_UPDATED", "organization": {"name": "标准客户端"}}}
    }
