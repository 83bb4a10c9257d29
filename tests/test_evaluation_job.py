"""`server.py evaluate`: the year's newest framework computed, with progress; a year without
one is refused with how to make it."""

from __future__ import annotations

import pytest

from db.engine import Database
from jobs.evaluation import NoFramework, evaluate_year
from tests.evaluation_support import create_framework
from tests.world import World


async def test_the_years_newest_framework_is_computed_with_progress(
    database: Database, world: World
) -> None:
    async with database.transaction() as session:
        await create_framework(session)
        newest = await create_framework(session, version=2, name="2026年度考核（修订）")
    lines: list[str] = []
    summary = await evaluate_year(database, 2026, lines.append)
    assert (summary.framework_id, summary.organizations, summary.scores) == (newest, 2, 40)
    assert lines[0] == "2026年度考核（修订） (version 2)"
    assert lines[-1] == "done: 2 organisations scored"


async def test_a_year_without_a_framework_says_how_to_make_one(database: Database) -> None:
    with pytest.raises(NoFramework, match="createEvaluationFramework"):
        await evaluate_year(database, 2031, print)
