"""Writes of departments and dispatches: registering a department, binding staff, dispatching
a petition, and each step of a dispatch as a conditional update on its version."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.departments.models import DepartmentAccountRow, DepartmentRow, DispatchRow, DispatchStatus
from db.departments.queries import DispatchRecord


async def insert_department(session: AsyncSession, values: Mapping[str, Any]) -> DepartmentRow:
    """A new department; a taken name fails the transaction."""
    row = DepartmentRow(**values)
    session.add(row)
    await session.flush()
    return row


async def bind_department_account(
    session: AsyncSession, account_id: int, department_id: int
) -> DepartmentRow:
    """The account acts for the department from now on; an account already bound fails."""
    await session.execute(
        insert(DepartmentAccountRow).values(account_id=account_id, department_id=department_id)
    )
    return await session.get_one(DepartmentRow, department_id)


async def any_department(session: AsyncSession) -> bool:
    return await session.scalar(select(DepartmentRow.id).limit(1)) is not None


async def insert_dispatches(
    session: AsyncSession, values: Sequence[Mapping[str, Any]]
) -> list[DispatchRow]:
    rows = [DispatchRow(**value) for value in values]
    session.add_all(rows)
    await session.flush()
    return rows


async def step_dispatch(
    session: AsyncSession, row: DispatchRecord, values: Mapping[str, Any], now: datetime
) -> DispatchRow | None:
    """Set `values` on the dispatch if it is still at the version `row` was read at; the
    dispatch as it now is, or None when it changed meanwhile (nothing is written then)."""
    result = await session.execute(
        update(DispatchRow)
        .where(DispatchRow.id == row.id, DispatchRow.version == row.version)
        .values(**values, version=row.version + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return None
    return await session.get_one(DispatchRow, row.id, populate_existing=True)


async def end_dispatches(
    session: AsyncSession,
    ids: Sequence[int],
    to: DispatchStatus,
    now: datetime,
) -> None:
    """Move the petition's other live dispatches on with it (withdrawn, or confirmed)."""
    if not ids:
        return
    await session.execute(
        update(DispatchRow)
        .where(DispatchRow.id.in_(list(ids)))
        .values(status=to, version=DispatchRow.version + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
