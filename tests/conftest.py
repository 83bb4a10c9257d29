"""Fixtures: a clean migrated database per test (SQLite by default, PostgreSQL when asked).

The PostgreSQL + Redis leg runs when ZHDJ_TEST_DATABASE_URL (and ZHDJ_TEST_BROADCAST_URL) are
set; `make test` sets them under CI=true, where an unreachable service fails the run loudly.
"""

from __future__ import annotations

import asyncio
import functools
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from starlette.applications import Starlette

from db.engine import Database
from db.migrate import upgrade
from server import Settings, create_app
from tests.browser import Browser, chromium_binary
from tests.databases import DemoSnapshots, PostgresCleaner, SeedDemo
from tests.processes import PrivateRedis, free_port, redis_server_binary
from tests.screen_support import RestartableServer
from tests.serving import serving
from tests.world import World, build_world

POSTGRES_URL = os.environ.get("ZHDJ_TEST_DATABASE_URL") or None
BROADCAST_URL = os.environ.get("ZHDJ_TEST_BROADCAST_URL") or "memory://"
IN_CI = os.environ.get("CI") == "true"
TEST_SECRET = "test-secret-for-zhdj-tests-only-0123456789"
TEST_RATE_LIMIT_PREFIX = "zhdj-test"


def pytest_report_header() -> list[str]:
    database = POSTGRES_URL or "SQLite (a fresh file per test)"
    return [f"zhdj: database {database}; broadcast {BROADCAST_URL}"]


async def _reset_postgres(url: str) -> None:
    database = Database(url)
    try:
        async with database.engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
        await upgrade(database)
    except OSError as error:
        pytest.exit(f"PostgreSQL at {url} cannot be reached: {error}", returncode=3)
    finally:
        await database.dispose()


def _require_broadcast(url: str) -> None:
    if not url.startswith(("redis://", "rediss://")):
        return
    import redis

    try:
        with redis.Redis.from_url(url, socket_connect_timeout=3) as client:
            client.ping()
            # The previous run's rate-limit counters (each test had its own prefix).
            for key in client.scan_iter(f"{TEST_RATE_LIMIT_PREFIX}:*", count=1000):
                client.delete(key)
    except redis.RedisError as error:
        pytest.exit(f"Redis at {url} cannot be reached: {error}", returncode=3)


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated database to start every test from: a file to copy, or the PostgreSQL URL."""
    _require_broadcast(BROADCAST_URL)
    if POSTGRES_URL:
        asyncio.run(_reset_postgres(POSTGRES_URL))
        return POSTGRES_URL
    path = tmp_path_factory.mktemp("template") / "zhdj.db"
    database = Database(f"sqlite:///{path}")

    async def migrate() -> None:
        await upgrade(database)
        await database.dispose()

    asyncio.run(migrate())
    return str(path)


@pytest.fixture(scope="session")
def postgres_cleaner(template_database: str) -> Iterator[PostgresCleaner | None]:
    """On the PostgreSQL leg, what empties the database before each test; None on SQLite."""
    if not POSTGRES_URL:
        yield None
        return
    cleaner = PostgresCleaner(POSTGRES_URL)
    try:
        yield cleaner
    finally:
        cleaner.close()


@pytest.fixture
def database_url(
    template_database: str, postgres_cleaner: PostgresCleaner | None, tmp_path: Path
) -> str:
    if postgres_cleaner is not None:
        postgres_cleaner.reset()
        return template_database
    copy = tmp_path / "zhdj.db"
    shutil.copyfile(template_database, copy)
    return f"sqlite:///{copy}"


@pytest.fixture(scope="session")
def demo_snapshots(
    tmp_path_factory: pytest.TempPathFactory, postgres_cleaner: PostgresCleaner | None
) -> DemoSnapshots:
    return DemoSnapshots(tmp_path_factory.mktemp("demo"), postgres_cleaner)


@pytest.fixture
def demo(demo_snapshots: DemoSnapshots, request: pytest.FixtureRequest) -> SeedDemo:
    """`await demo(database, members=…, petitions=…, history_days=…)`: the test's database
    as `seed_demo` leaves a fresh one, copied from the module's first seeding of that size."""
    return functools.partial(demo_snapshots.seed, module=request.node.module.__name__)


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    yield database
    await database.dispose()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        broadcast_url=BROADCAST_URL,
        token_secret=TEST_SECRET,
        event_poll_seconds=0.5,
        heartbeat_seconds=1.0,
        # Every request reads its viewer, so statement counts do not depend on the order of
        # requests; tests/test_viewers.py switches the cache on.
        viewer_cache_seconds=0,
        # Rate limits count in Redis on the second leg: each test its own budgets.
        rate_limit_prefix=f"{TEST_RATE_LIMIT_PREFIX}:{uuid.uuid4().hex}",
        _env_file=None,
    )


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[Starlette]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://zhdj.test") as client:
        yield client


@pytest.fixture
async def live_server(settings: Settings) -> AsyncIterator[str]:
    """The app served by uvicorn on a free local port; yields its address (host:port)."""
    async with serving(create_app(settings), settings) as address:
        yield address


@pytest.fixture
async def world(app: Starlette, database: Database) -> World:
    return await build_world(database, app.state.services.tokens)


@pytest.fixture
async def private_redis() -> AsyncIterator[PrivateRedis]:
    """A redis-server of the test's own, which it may kill and restart."""
    server = PrivateRedis(redis_server_binary(), free_port())
    try:
        yield server
    finally:
        await server.kill()


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium for the big-screen tests; skipped without it, except in CI."""
    binary = chromium_binary()
    if binary is None:
        if IN_CI:
            pytest.fail("chromium is needed for the big-screen tests in CI (.ci/run installs it)")
        pytest.skip("chromium is not installed; the big-screen tests need it")
    return binary


@pytest.fixture
async def browser(chromium: str) -> AsyncIterator[Browser]:
    """Headless Chromium with one 1920×1080 page."""
    browser = await Browser.launch(chromium)
    try:
        yield browser
    finally:
        await browser.close()


@pytest.fixture
async def screen_server(settings: Settings) -> AsyncIterator[RestartableServer]:
    """The app on a port of its own, for the browser; the test may restart it."""
    server = RestartableServer(settings)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


# Long runs for a deliberate occasion, not every `make test`: each runs when its marker is
# asked for (`-m fuzz`, `-m soak`).
OPT_IN_MARKERS = ("fuzz", "soak")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the opt-in long runs unless `-m` names their marker."""
    asked = config.option.markexpr or ""
    for marker in OPT_IN_MARKERS:
        if marker in asked:
            continue
        skip = pytest.mark.skip(reason=f"the long {marker} run is opt-in: `-m {marker}`")
        for item in items:
            if item.get_closest_marker(marker) is not None:
                item.add_marker(skip)
