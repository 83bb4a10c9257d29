"""The yearly evaluation batch 年度测评 from the command line (`server.py evaluate --year N`):
the year's newest framework computed for the whole tree, with progress lines."""

from __future__ import annotations

from db.engine import Database
from db.evaluation.queries import newest_framework
from resolvers.evaluation.batch import BatchSummary, Progress, compute_scores


class NoFramework(Exception):
    """The year has no framework to compute; the message says how to make one."""


async def evaluate_year(database: Database, year: int, progress: Progress) -> BatchSummary:
    async with database.read() as connection:
        framework = await newest_framework(connection, year)
    if framework is None:
        raise NoFramework(
            f"{year} has no indicator framework: create one first (the mutation "
            "createEvaluationFramework, as the city's administrator)."
        )
    progress(f"{framework.name} (version {framework.version})")
    return await compute_scores(database, framework.id, progress=progress)
