"""The README's codegen recipe works: graphql-codegen's client preset turns a live server's
schema, read by introspection as a partner's build would, into types, and TypeScript code
using them compiles (the recipe's SDL-file variant reads the same schema, checked equal to
the served one by tests/test_schema.py)."""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import IN_CI
from tests.locks import directory_lock
from tests.world import World

PROJECT = Path(__file__).resolve().parent / "codegen"
LOCK = PROJECT / "package-lock.json"


async def run(*command: str, env: dict[str, str] | None = None, timeout: float = 600) -> str:
    """Run in the codegen project; fail with its output when it fails."""
    process = await asyncio.create_subprocess_exec(
        *command,
        cwd=PROJECT,
        env={**os.environ, **(env or {})},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    async with asyncio.timeout(timeout):
        output, _ = await process.communicate()
    text = output.decode(errors="replace")
    assert process.returncode == 0, f"{' '.join(command)} failed:\n{text}"
    return text


@pytest.fixture(scope="module")
def npm() -> str:
    found = shutil.which("npm")
    if found is None:
        if IN_CI:
            pytest.fail("the codegen check needs Node.js and npm (.ci/run installs them)")
        pytest.skip("Node.js's npm is not installed; the codegen check needs it")
    return found


@pytest.fixture
async def toolchain(npm: str) -> AsyncIterator[None]:
    """graphql-codegen and TypeScript from the lock file, installed once per lock; the project
    directory is the test's alone while it runs (the other test leg may be at it too: waiting
    for it blocks this test's loop, where nothing runs yet)."""
    stamp = (
        PROJECT
        / "node_modules"
        / f".installed-{hashlib.sha256(LOCK.read_bytes()).hexdigest()[:12]}"
    )
    with directory_lock(PROJECT):
        if not stamp.exists():
            await run(npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error")
            stamp.touch()
        yield


async def generate_and_compile(env: dict[str, str] | None = None) -> None:
    shutil.rmtree(PROJECT / "generated", ignore_errors=True)
    await run("npx", "--no-install", "graphql-codegen", "--config", "codegen.ts", env=env)
    await run("npx", "--no-install", "tsc", "-p", ".")


async def test_types_generated_by_introspecting_a_server_compile(
    toolchain: None, live_server: str, world: World
) -> None:
    await generate_and_compile(
        {"ZHDJ_SCHEMA": f"http://{live_server}/graphql", "ZHDJ_TOKEN": world.tokens["partner"]}
    )

    generated = (PROJECT / "generated" / "graphql.ts").read_text(encoding="utf-8")
    assert "export type BranchMembersQuery" in generated
    assert "export type TickerSubscription" in generated
    assert "DateTime: { input: string; output: string; }" in generated
