"""Writes of evaluation: frameworks (created, copied, frozen on first use), manual entries,
a framework's results replaced by a batch, and star ratings overridden and published (each a
conditional update on the result's version, recorded on its timeline)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import core_table
from db.evaluation.models import (
    FrameworkRow,
    IndicatorRow,
    IndicatorScoreRow,
    ManualEntryRow,
    MedianRow,
    RatingAction,
    RatingStepRow,
    ResultRow,
    SubtreeCountRow,
)
from db.paths import path_ids

CHUNK = 1000  # rows per statement (SQLite caps bound parameters)


async def insert_framework(
    session: AsyncSession, values: Mapping[str, Any], indicators: Sequence[Mapping[str, Any]]
) -> int:
    framework = FrameworkRow(**values)
    session.add(framework)
    await session.flush()
    await session.execute(
        insert(core_table(IndicatorRow)),
        [{"framework_id": framework.id, "position": n, **i} for n, i in enumerate(indicators)],
    )
    return framework.id


async def lock_framework(session: AsyncSession, framework_id: int) -> FrameworkRow | None:
    """The framework, locked to the transaction's end (a batch and an edit never interleave)."""
    result = await session.execute(
        select(FrameworkRow).where(FrameworkRow.id == framework_id).with_for_update()
    )
    return result.scalar_one_or_none()


async def change_indicator(
    session: AsyncSession, indicator_id: int, values: Mapping[str, Any]
) -> None:
    t = core_table(IndicatorRow).c
    await session.execute(
        update(core_table(IndicatorRow)).where(t.id == indicator_id).values(**values)
    )


async def put_manual_entry(session: AsyncSession, values: Mapping[str, Any]) -> None:
    """The organisation's value of a hand-entered indicator, replacing an earlier one."""
    dialect = session.get_bind().dialect.name
    statement: Any = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(
        ManualEntryRow
    ).values(**values)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["indicator_id", "organization_id"],
            set_={
                name: statement.excluded[name]
                for name in ("value", "note", "evidence", "entered_by_account_id", "entered_at")
            },
        )
    )


async def insert_manual_entries(
    session: AsyncSession, entries: Sequence[Mapping[str, Any]]
) -> None:
    """Hand-entered values in bulk (the demo's): none may exist yet for their keys."""
    await _insert_chunks(session, ManualEntryRow, entries)


async def _insert_chunks(
    session: AsyncSession, model: Any, rows: Sequence[Mapping[str, Any]]
) -> None:
    for start in range(0, len(rows), CHUNK):
        await session.execute(insert(core_table(model)), list(rows[start : start + CHUNK]))


async def has_published_results(session: AsyncSession, framework_id: int) -> bool:
    t = core_table(ResultRow).c
    result = await session.execute(
        select(t.id).where(t.framework_id == framework_id, t.published_at.is_not(None)).limit(1)
    )
    return result.first() is not None


async def clear_results(session: AsyncSession, framework_id: int) -> None:
    """Drop a framework's unpublished results (a batch computes them anew)."""
    r = core_table(ResultRow).c
    ids = select(r.id).where(r.framework_id == framework_id).scalar_subquery()
    steps = core_table(RatingStepRow)
    await session.execute(delete(steps).where(steps.c.result_id.in_(ids)))
    for model in (IndicatorScoreRow, MedianRow, SubtreeCountRow, ResultRow):
        table = core_table(model)
        await session.execute(delete(table).where(table.c.framework_id == framework_id))


async def insert_results(
    session: AsyncSession,
    framework_id: int,
    results: Sequence[Mapping[str, Any]],
    scores: Sequence[Mapping[str, Any]],
    medians: Sequence[Mapping[str, Any]],
) -> None:
    await _insert_chunks(session, ResultRow, results)
    await _insert_chunks(session, IndicatorScoreRow, scores)
    await _insert_chunks(session, MedianRow, medians)
    counts: dict[int, int] = {}
    for result in results:
        for organization_id in path_ids(result["org_path"]):
            counts[organization_id] = counts.get(organization_id, 0) + 1
    await _insert_chunks(
        session,
        SubtreeCountRow,
        [
            {"framework_id": framework_id, "organization_id": key, "results": n}
            for key, n in counts.items()
        ],
    )


async def record_computed(session: AsyncSession, framework_id: int, at: datetime) -> None:
    """Each new result's first step: its computed stars."""
    r = core_table(ResultRow).c
    await session.execute(
        insert(core_table(RatingStepRow)).from_select(
            ["result_id", "action", "stars", "at"],
            select(
                r.id, literal(RatingAction.COMPUTED.value), r.computed_stars, r.computed_at
            ).where(r.framework_id == framework_id),
        )
    )


async def freeze(session: AsyncSession, framework_id: int) -> None:
    t = core_table(FrameworkRow).c
    await session.execute(
        update(core_table(FrameworkRow)).where(t.id == framework_id).values(frozen=True)
    )


async def set_stars(
    session: AsyncSession, result_id: int, version: int, stars: int, reason: str | None
) -> bool:
    """Override (or restore) the rating if the result is still at `version` and unpublished."""
    t = core_table(ResultRow).c
    result = await session.execute(
        update(core_table(ResultRow))
        .where(t.id == result_id, t.version == version, t.published_at.is_(None))
        .values(stars=stars, override_reason=reason, version=version + 1)
    )
    return bool(getattr(result, "rowcount", 0))


async def publish(
    session: AsyncSession, framework_id: int, parent_id: int, at: datetime
) -> list[tuple[int, int, str]]:
    """Publish the unpublished ratings of the parent's children: (id, stars, path) of each."""
    t = core_table(ResultRow).c
    chosen = (
        await session.execute(
            select(t.id, t.stars, t.org_path)
            .where(
                t.framework_id == framework_id, t.parent_id == parent_id, t.published_at.is_(None)
            )
            .order_by(t.id)
            .with_for_update()
        )
    ).all()
    ids = [int(row[0]) for row in chosen]
    for start in range(0, len(ids), CHUNK):
        await session.execute(
            update(core_table(ResultRow))
            .where(t.id.in_(ids[start : start + CHUNK]), t.published_at.is_(None))
            .values(published_at=at, version=t.version + 1)
        )
    return [(int(i), int(s), str(p)) for i, s, p in chosen]


async def add_steps(session: AsyncSession, steps: Sequence[Mapping[str, Any]]) -> None:
    await _insert_chunks(session, RatingStepRow, steps)
