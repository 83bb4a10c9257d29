"""Reads for the departments' reminder rule: dispatches still unanswered (neither accepted nor
returned) some time after they were made, with the staff not yet reminded of them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from db.departments.models import DepartmentAccountRow, DepartmentRow, DispatchRow, DispatchStatus
from db.engine import Session
from db.reminders.queries import not_yet_reminded

LIMIT = 1000


async def unanswered_dispatches(
    session: Session, rule: str, dispatched_before: datetime
) -> list[tuple[int, int, str, datetime, int]]:
    """(dispatch, petition, department name, dispatch deadline, staff account) of dispatches
    made before `dispatched_before` and still waiting for an answer, for each staff member not
    yet reminded of them by `rule`, the oldest first, at most LIMIT."""
    query = (
        select(
            DispatchRow.id,
            DispatchRow.petition_id,
            DepartmentRow.name,
            DispatchRow.deadline_at,
            DepartmentAccountRow.account_id,
        )
        .join(DepartmentRow, DepartmentRow.id == DispatchRow.department_id)
        .join(DepartmentAccountRow, DepartmentAccountRow.department_id == DispatchRow.department_id)
        .where(
            DispatchRow.status == DispatchStatus.DISPATCHED,
            DispatchRow.created_at < dispatched_before,
            not_yet_reminded(
                rule, DepartmentAccountRow.account_id, DispatchRow.id, DispatchRow.deadline_at
            ),
        )
        .order_by(DispatchRow.created_at, DepartmentAccountRow.account_id)
        .limit(LIMIT)
    )
    return [tuple(row) for row in await session.execute(query)]  # type: ignore[misc]
