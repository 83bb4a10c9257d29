"""PostGraphile 4.14 as a benchmark server: one Node process over the same database.

The version is pinned in bench/postgraphile/package.json and its lock file; `npm ci` installs
it into bench/postgraphile/node_modules on first use (kept out of git), as the conformance
tests install their clients. Without node and npm the bench stops and says so.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from bench.progress import say
from bench.servers import Server, free_port

FOLDER = Path(__file__).resolve().parent / "postgraphile"


def installed_node() -> str:
    """Node's path, once PostGraphile is installed beside the server script."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        raise SystemExit(
            "the PostGraphile baseline needs Node.js (20 or newer) and npm on PATH: install "
            "them, or leave the baselines out (--parts pages)"
        )
    if not (FOLDER / "node_modules" / "postgraphile").is_dir():
        say("installing PostGraphile into bench/postgraphile (npm ci, once; about 10 s) …")
        subprocess.run(  # noqa: S603 (npm from PATH, fixed arguments)
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=FOLDER, check=True
        )
    return node


def postgraphile_server(database_url: str) -> Server:
    """PostGraphile on a free port; ready when its /healthz answers (the schema is built)."""
    port = free_port()
    argv = [str(FOLDER / "server.js"), database_url, str(port)]
    return Server(argv, {}, port=port, executable=installed_node())
