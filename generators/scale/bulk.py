"""Bulk loading for the city-scale data: COPY in chunks from a generator, with progress.

Generation in Python is the slow part, so records are plain tuples in table column order and
each chunk goes to PostgreSQL with asyncpg's binary COPY as soon as it is full.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

CHUNK = 50_000
Progress = Callable[[str], None]


async def copy_chunk(
    session: AsyncSession, table: str, columns: Sequence[str], records: Sequence[tuple[Any, ...]]
) -> None:
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    await raw.driver_connection.copy_records_to_table(  # type: ignore[union-attr]
        table, records=records, columns=columns
    )


async def copy_records(
    session: AsyncSession,
    table: str,
    columns: Sequence[str],
    records: Iterable[tuple[Any, ...]],
    progress: Progress,
    expected: int | None = None,
) -> int:
    """COPY every record into `table`, reporting rows and rows/s per chunk; returns the count."""
    started, done, chunk = time.perf_counter(), 0, []
    of = f" of {expected:,}" if expected else ""

    def report(final: bool) -> None:
        elapsed = max(time.perf_counter() - started, 1e-9)
        state = "done" if final else "…"
        progress(
            f"{table}: {done:,}{of} rows, {elapsed:.0f} s, {done / elapsed:,.0f} rows/s {state}"
        )

    for record in records:
        chunk.append(record)
        if len(chunk) == CHUNK:
            await copy_chunk(session, table, columns, chunk)
            done += len(chunk)
            chunk = []
            report(False)
    if chunk:
        await copy_chunk(session, table, columns, chunk)
        done += len(chunk)
    report(True)
    return done


async def next_id(session: AsyncSession, table: str) -> int:
    return int(await session.scalar(text(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")) or 1)  # noqa: S608


async def reset_sequence(session: AsyncSession, table: str) -> None:
    """After COPY with ids assigned here, the id sequence continues past them."""
    await session.execute(
        text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
            f"(SELECT coalesce(max(id), 1) FROM {table}))"
        )
    )
