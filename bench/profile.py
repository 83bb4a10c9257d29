"""Sampling profiles of a server under load with py-spy (a dev extra), and where their CPU goes.

py-spy attaches to the running server from outside (no code in the server, no restart) and
writes collapsed stacks ("frame;frame;frame count" lines): open them in speedscope or
flamegraph.pl, or read the summary printed with the figures: every sample put down to one
cause (they add up to 100 %), and the frames with the most samples of their own.

Stacks are recorded with native frames, which pauses the server at each sample (py-spy cannot
read C stacks otherwise): without them the cyclic garbage collector is invisible, its time
spread over whichever Python line allocated when a collection began; with them it is a cause
of its own, and under load it is one of the largest. Paused, every thread looks busy, so the
summary counts the main thread only: the others are the default executor's workers, idle
while a page is served (their samples are reported apart).

Paused samples are wall time, not CPU time: a sample inside a socket system call (write, read,
connect) is mostly the server preempted after waking its peer (the database backend it just
wrote to, on the same cores), so those samples are a cause of their own, apart from the rest,
whose shares are CPU (compare the server's system time in /proc, a few per cent of its CPU).

A sample's cause is decided in three steps, the first that applies (after the system calls):
1. a purpose anywhere on the stack: the garbage collector, the pool, the ORM session, the
   viewer, the per-request context, schema extensions, JSON (what a frame below them does is
   their cost);
2. the database layers anywhere on the stack: ORM hydration, SQL compilation, asyncpg, the rest
   of SQLAlchemy (whichever resolver or DataLoader asked; SQLAlchemy's greenlets cut the stack
   above them); then DataLoaders' own batching;
3. the innermost Python frame of a known layer: project code, graphql-core, Strawberry (per
   field when under graphql-core's execution, else its HTTP view), Starlette/uvicorn; the
   standard library and C frames count for their caller; what is left is the event loop and
   the C below it (uvloop, sockets, HTTP parsing).
"""

from __future__ import annotations

import asyncio
import shutil
import sys
from collections import Counter
from pathlib import Path
from typing import Any

# Steps 1 and 2: a cause and the frame texts that name it anywhere on the stack.
ON_THE_STACK = (
    ("cyclic garbage collector", ("gc_collect_main",)),
    ("pool: checkout, pre-ping, return, connects",
     ("sqlalchemy/pool/", "Engine.raw_connection", "Engine.connect", "_async_ping",
      "Connection.__init__ (sqlalchemy", "Connection.close (sqlalchemy", "asyncpg/connect_utils")),
    ("ORM session: open, transaction state, close",
     ("Session.__init__", "AsyncSession.__init__", "SessionTransaction.__init__",
      "Session.close", "AsyncSession.close", "AsyncSession.__aexit__", "Database.session")),
    ("viewer: token and cached account",
     ("Context.authenticate", "resolvers/accounts/viewers.py")),
    ("per-request context and loaders",
     ("get_context", "Context.__post_init__", "Loaders.__init__", "LoaderSet.__init__")),
    ("schema extensions (persisted queries, metrics, documents, text, cost, error masking)",
     ("strawberry/extensions/", "transport/cost.py", "transport/errors.py",
      "transport/metrics.py", "transport/documents.py", "transport/measure.py",
      "transport/input_text.py", "transport/persisted_queries.py", "transport/served.py",
      "resolvers/cost_buckets.py")),
    ("JSON encoding", ("encode_json", "encode_message", "json/encoder.py")),
    ("ORM: rows into mapped objects (identity map, instance state, attributes)",
     ("sqlalchemy/orm/loading.py", "sqlalchemy/orm/state.py", "sqlalchemy/orm/identity.py",
      "sqlalchemy/orm/instrumentation.py", "sqlalchemy/orm/attributes.py")),
    ("SQLAlchemy: statement compilation, cache keys, ORM statement set-up",
     ("sqlalchemy/sql/", "sqlalchemy/orm/context.py", "_init_compiled")),
    ("asyncpg and SQLAlchemy's greenlet bridge",
     ("asyncpg/", "dialects/postgresql/asyncpg.py", "greenlet", "sqlalchemy/util/concurrency")),
    ("SQLAlchemy: other execution and results", ("sqlalchemy/",)),
    ("DataLoader batching", ("strawberry/dataloader.py", "resolvers/batch_loader.py")),
)  # fmt: skip
# Step 3: the innermost frame of one of these layers.
PROJECT = "project code (resolvers, types, from_row, connections)"
GRAPHQL_CORE = "graphql-core execution (per field: info, completion, paths)"
STRAWBERRY_FIELDS = "Strawberry per field (resolver wrappers, arguments, enum output)"
STRAWBERRY_VIEW = "Strawberry HTTP view and operation set-up"
HTTP = "uvicorn and Starlette"
LOOP = "event loop and C below it (uvloop, sockets, HTTP parsing)"
UNKNOWN = "no frame"
SYSTEM_CALLS = tuple(f"{call} (libc" for call in ("write", "read", "send", "recv", "connect"))
IN_SYSTEM_CALLS = "in socket system calls (mostly preempted by the woken peer, not CPU)"


def _layer(frame: str, under_execution: bool) -> str | None:
    if " (transport/" in frame:
        return STRAWBERRY_VIEW
    if any(f" ({package}/" in frame for package in ("resolvers", "schema", "db")):
        return PROJECT
    if " (graphql/" in frame:
        return GRAPHQL_CORE
    if " (strawberry/" in frame:
        return STRAWBERRY_FIELDS if under_execution else STRAWBERRY_VIEW
    if " (starlette/" in frame or " (uvicorn/" in frame:
        return HTTP
    return None


def cause(stack: str) -> str:
    """The one cause a sample's stack (frames root first, `;`-separated) is put down to."""
    frames = stack.split(";")
    if frames[-1].startswith(SYSTEM_CALLS):
        return IN_SYSTEM_CALLS
    for name, markers in ON_THE_STACK:
        if any(marker in stack for marker in markers):
            return name
    if not frames[-1]:
        return UNKNOWN
    under_execution = "graphql/execution/" in stack
    for frame in reversed(frames):
        if frame.startswith(LOOP_RUNS):  # below it: uvicorn starting the loop, not serving
            break
        layer = _layer(frame, under_execution)
        if layer is not None:
            return layer
    return LOOP


# The frame that runs the event loop: a sample with no layer above it is the loop itself.
LOOP_RUNS = "Runner.run ("
# Every thread but the main one starts here (the event loop runs on the main thread).
WORKER_THREAD = "Thread._bootstrap (threading.py"
# The project's own, installed with the dev extras, else one on PATH.
PY_SPY = Path(sys.executable).with_name("py-spy")


async def record(pid: int, seconds: float, output: Path) -> asyncio.subprocess.Process:
    """Starts recording `pid` for `seconds` into `output`."""
    spy = str(PY_SPY) if PY_SPY.exists() else shutil.which("py-spy") or "py-spy"
    return await asyncio.create_subprocess_exec(
        spy, "record", "--pid", str(pid), "--duration", str(int(seconds)), "--rate", "100",
        "--format", "raw", "--native", "-o", str(output),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip


def summarise(collapsed: Path, top: int = 15) -> dict[str, Any]:
    """Shares of all samples (in %) per cause, and the busiest frames by samples of their own."""
    causes: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = other_threads = 0
    for line in collapsed.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        samples = int(count)
        if WORKER_THREAD in stack:
            other_threads += samples
            continue
        total += samples
        own[stack.rsplit(";", 1)[-1]] += samples
        causes[cause(stack)] += samples
    if not total:
        return {}

    def share(samples: int) -> float:
        return round(100 * samples / total, 1)

    return {
        "samples": total,
        "other_threads_samples": other_threads,
        "causes_percent": {name: share(n) for name, n in causes.most_common()},
        "own_time_percent": {frame: share(n) for frame, n in own.most_common(top)},
    }
