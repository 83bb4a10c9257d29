"""`server.py serve`'s app, served as `serve` serves it, counting its Python calls on command:
bench/http_calls.py runs it on each tree it compares (so it imports only that tree's `server`
and modules every tree has), with the settings in its environment (bench/servers.py).

    python bench/counted_server.py PORT    # then `on`, `off [FILE]` on stdin; EOF stops it
"""

from __future__ import annotations

import asyncio
import cProfile
import json
import pstats
import sys
from typing import Any


async def serve(port: int) -> None:
    import uvicorn

    import server
    from db.petitions.words import segmenter
    from transport.logs import configure_logging

    settings = server.Settings()
    configure_logging(settings.log_level, settings.log_format)
    await server.check_schema(settings)
    app = server.create_app(settings)
    segmenter()
    server.settle_heap()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level=settings.log_level,
        log_config=None,
        **server.uvicorn_options(settings),
    )
    served = uvicorn.Server(config)
    controlling = asyncio.create_task(control(served))
    await served.serve()
    controlling.cancel()


async def control(served: Any) -> None:
    """Commands on stdin: `on` starts counting calls, `off [FILE]` stops and prints them
    (JSON), and saves the profile in FILE when named."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    profile = cProfile.Profile()
    while line := (await reader.readline()).strip():
        if line == b"on":
            profile = cProfile.Profile()
            profile.enable()
            print(json.dumps("on"), flush=True)
        elif line.startswith(b"off"):
            profile.disable()
            stats: Any = pstats.Stats(profile)
            if dump := line.removeprefix(b"off").strip():
                stats.dump_stats(dump.decode())
            top = sorted(stats.stats.items(), key=lambda item: -item[1][1])[:40]
            named = [
                [f"{path.rsplit('/', 2)[-1]}:{number}({function})", calls]
                for (path, number, function), (_, calls, *_) in top
            ]
            print(json.dumps({"calls": stats.total_calls, "top": named}), flush=True)
    served.should_exit = True


if __name__ == "__main__":
    import uvloop

    uvloop.run(serve(int(sys.argv[1])))
