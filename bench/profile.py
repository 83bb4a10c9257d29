"""Sampling profiles of a server under load with py-spy (a dev extra), and their summary.

py-spy attaches to the running server from outside (no code in the server, no restart) and
writes collapsed stacks ("frame;frame;frame count" lines): open them in speedscope or
flamegraph.pl, or read the summary printed with the figures: where the samples fall among
the stages of a GraphQL request, and the frames with the most samples of their own.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
from collections import Counter
from pathlib import Path
from typing import Any

# Stages of a request, by the frames that every sample spent in it passes through.
STAGES = {
    "authenticate": ("Context.authenticate",),
    "parse": ("parse (graphql/language/parser.py",),
    "validate": ("validate (graphql/validation/validate.py",),
    "execute (resolvers and SQL included)": ("Schema._execute_operation",),
    "cost": ("QueryCostLimiter.on_execute",),
    "json encoding": ("encode_json",),
    "SQLAlchemy and asyncpg": ("sqlalchemy/", "asyncpg/"),
}


# The project's own, installed with the dev extras, else one on PATH.
PY_SPY = Path(sys.executable).with_name("py-spy")


async def record(pid: int, seconds: float, output: Path) -> asyncio.subprocess.Process:
    """Starts recording `pid` for `seconds` into `output`."""
    spy = str(PY_SPY) if PY_SPY.exists() else shutil.which("py-spy") or "py-spy"
    return await asyncio.create_subprocess_exec(
        spy, "record", "--pid", str(pid), "--duration", str(int(seconds)), "--rate", "100",
        "--format", "raw", "--nonblocking", "-o", str(output),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip


def summarise(collapsed: Path, top: int = 12) -> dict[str, Any]:
    """Shares of all samples (in %) per stage, and the busiest frames by samples of their own."""
    stages: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for line in collapsed.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        samples = int(count)
        total += samples
        own[stack.rsplit(";", 1)[-1]] += samples
        for stage, markers in STAGES.items():
            if any(marker in stack for marker in markers):
                stages[stage] += samples
    if not total:
        return {}

    def share(samples: int) -> float:
        return round(100 * samples / total, 1)

    return {
        "samples": total,
        "stages_percent": {stage: share(stages[stage]) for stage in STAGES},
        "own_time_percent": {frame: share(n) for frame, n in own.most_common(top)},
    }
