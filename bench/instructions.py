"""Machine instructions per request of each page, counted by callgrind: a figure the
neighbours on a shared machine do not move (CPU time and requests/s do, by up to 50 %).

For each source tree in turn, a worker process runs under `valgrind --tool=callgrind`,
imports that tree's `server`, starts its app on the demo city as `bench.in_process` does,
settles the heap, and for each page warms it up, then serves `--repeat` requests of it (10 at
a time) inside `sys.call_tracing`: callgrind counts only while that C function runs
(`--toggle-collect`) and dumps the page's count when it returns (`--dump-after`), so
start-up, jieba's dictionary and the warm-ups are left out. The
periodic jobs and caches with a period (viewer reload, event polling, scans) are set to an
hour, so what is counted is the requests. Prints instructions per request (Ir) for each page
and tree, and their ratio to the first tree.

    git archive <commit> | tar -x -C /tmp/before
    .venv/bin/python -m bench.instructions --database-url postgresql://…/<demo db> \\
        /tmp/before . --pages branch_page member_list trivial
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

if __package__:
    from bench.in_process import SECRET, _call, page_requests, pages_named
else:  # a worker, run as a script in another tree: this bench's own helpers, by path
    import importlib.util

    _spec = importlib.util.spec_from_file_location(
        "in_process", Path(__file__).with_name("in_process.py")
    )
    assert _spec is not None
    assert _spec.loader is not None
    _helpers = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_helpers)
    SECRET, _call = _helpers.SECRET, _helpers._call
    page_requests, pages_named = _helpers.page_requests, _helpers.pages_named

WARM_UP = 50
AN_HOUR = 3600.0


def _measure(app: Any, body: bytes, token: str | None, repeat: int) -> Any:
    async def serve() -> None:
        for _ in range(repeat // 10):
            await asyncio.gather(*(_call(app, body, token) for _ in range(10)))

    return serve()


def _worker(options: argparse.Namespace, pages: dict[str, Any]) -> None:
    import uvloop

    import server  # the tree's own, first on sys.path

    quiet: dict[str, Any] = {
        name: AN_HOUR
        for name in (
            "event_poll_seconds", "heartbeat_seconds", "petition_deadline_scan_seconds",
            "petition_statistics_seconds", "activity_announcement_seconds",
            "reminder_scan_seconds", "viewer_cache_seconds", "credential_check_seconds",
            "api_key_usage_flush_seconds", "screen_interval_seconds",
        )
        if name in server.Settings.model_fields
    }  # fmt: skip
    values: dict[str, Any] = {"database_url": options.database_url, "token_secret": SECRET}
    values |= {"cost_bucket_size": 10**9, "cost_restore_rate": 10**9, "log_level": "warning"}
    settings = server.Settings(_env_file=None, **values, **quiet)
    app = server.create_app(settings)
    loop = uvloop.new_event_loop()
    lifespan = app.router.lifespan_context(app)
    loop.run_until_complete(lifespan.__aenter__())
    requests = loop.run_until_complete(
        page_requests(app, options.username, options.password, pages)
    )
    settle = getattr(server, "settle_heap", None)
    if settle is not None:
        settle()
    for body, token in requests.values():
        loop.run_until_complete(_measure(app, body, token, WARM_UP))
        sys.call_tracing(loop.run_until_complete, (_measure(app, body, token, options.repeat),))
    loop.run_until_complete(lifespan.__aexit__(None, None, None))


def _instructions(tree: Path, options: argparse.Namespace) -> dict[str, float]:
    """Each page's instructions per request on `tree`: callgrind dumps its counts each time
    `sys.call_tracing` returns (`--dump-after`), one file per page, in the pages' order."""
    pages = pages_named(options.pages, options.database_url)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        argv = ["valgrind", "--tool=callgrind", "--collect-atstart=no"]
        argv += ["--toggle-collect=sys_call_tracing", "--dump-after=sys_call_tracing"]
        argv += [f"--callgrind-out-file={out}"]
        argv += [sys.executable, __file__, "--worker", json.dumps(pages)]
        argv += ["--database-url", options.database_url, "--repeat", str(options.repeat)]
        argv += ["--username", options.username, "--password", options.password]
        environment = {**os.environ, "PYTHONPATH": str(tree), "PYTHONSAFEPATH": "1"}
        ran = subprocess.run(  # noqa: S603 (our own program)
            argv, cwd=tree, env=environment, capture_output=True, text=True
        )
        if ran.returncode:
            raise RuntimeError(f"{tree}: the worker failed:\n{ran.stderr[-3000:]}")
        counted: dict[str, float] = {}
        for name, number in zip(pages, range(1, len(pages) + 1), strict=True):
            dump = Path(f"{out}.{number}").read_text()
            found = re.search(r"^(?:totals|summary): (\d+)", dump, re.MULTILINE)
            if found is None:
                raise RuntimeError(f"{tree}: callgrind wrote no totals for {name}")
            counted[name] = int(str(found.group(1))) / options.repeat
        return counted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("trees", nargs="*", type=Path, help="source trees, in turn")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--username", default="admin")
    parser.add_argument("--password", default="zhdj-demo")
    parser.add_argument("--pages", nargs="*", help="branch_page, org_tree, …, trivial")
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--worker", type=str, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker is not None:
        _worker(options, json.loads(options.worker))
        return
    results: dict[str, dict[str, float]] = {}
    for tree in options.trees:
        for page, counted in _instructions(tree.resolve(), options).items():
            first = results.setdefault(page, {}).setdefault("first", counted)
            results[page][str(tree)] = counted
            print(
                f"{page} {tree}: {counted:,.0f} instructions/request ({counted / first:.2f}x)",
                file=sys.stderr,
                flush=True,
            )
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
