"""An app under uvicorn in the test's own event loop, on a free local port."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Literal

import uvicorn
from starlette.applications import Starlette

from server import Settings, uvicorn_options


@asynccontextmanager
async def serving(
    app: Starlette, settings: Settings, *, lifespan: Literal["on", "off"] = "on"
) -> AsyncIterator[str]:
    """Serves `app` as `server.py serve` would and yields its address (host:port);
    `lifespan="off"` for an app whose lifespan the test runs already."""
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=0,
        log_level="warning",
        lifespan=lifespan,
        **uvicorn_options(settings),
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    async with asyncio.timeout(10):
        while not server.started:
            await asyncio.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
