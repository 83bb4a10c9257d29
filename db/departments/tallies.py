"""Departments' kept figures 部门考核: per department, what its dispatches add up to.

Kept in step by every dispatch step and by the resident's rating of a petition a department
handled, in the writer's transaction, so a department's on-time rate, returns and satisfaction
are one row read by key however many petitions it handled (tests recount them from the
dispatches and petitions).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import ForeignKey, Integer, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, core_table
from db.departments.models import DispatchRow, DispatchStatus
from db.records import Connectable

SATISFIED = 4  # a rating of 4 or 5 counts as satisfied 满意, as for organisations

# The kept columns, in the order `DepartmentSums` lists them.
FIGURES = (
    "dispatched",  # dispatches received (lead and co-handling)
    "returned",  # of them returned 退单
    "answered",  # finished: the lead's report or a co-handler's part
    "on_time",  # of them, by the dispatch's deadline
    "confirmed",  # dispatches whose petition the dispatcher confirmed resolved
    "rated",  # of them, rated by the resident
    "satisfied",  # of them, rated 4 or 5
    "satisfaction",  # the ratings' sum
)


class DepartmentTallyRow(Base):
    __tablename__ = "department_tallies"

    department_id: Mapped[int] = mapped_column(
        ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True
    )
    dispatched: Mapped[int] = mapped_column(Integer, default=0)
    returned: Mapped[int] = mapped_column(Integer, default=0)
    answered: Mapped[int] = mapped_column(Integer, default=0)
    on_time: Mapped[int] = mapped_column(Integer, default=0)
    confirmed: Mapped[int] = mapped_column(Integer, default=0)
    rated: Mapped[int] = mapped_column(Integer, default=0)
    satisfied: Mapped[int] = mapped_column(Integer, default=0)
    satisfaction: Mapped[int] = mapped_column(Integer, default=0)


Deltas = Mapping[int, Mapping[str, int]]  # department id → figure → amount to add
_T = core_table(DepartmentTallyRow).c
_D = core_table(DispatchRow).c


async def add_to_tallies(session: AsyncSession, deltas: Deltas) -> None:
    """Add the amounts, one statement for all departments, in key order (so concurrent writers
    lock rows in the same order)."""
    rows = [
        {"department_id": department} | {name: amounts.get(name, 0) for name in FIGURES}
        for department, amounts in sorted(deltas.items())
        if any(amounts.values())
    ]
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    dialect_insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = dialect_insert(DepartmentTallyRow).values(rows)
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["department_id"],
            set_={name: _T[name] + statement.excluded[name] for name in FIGURES},
        )
    )


def rating_sums(satisfaction: int | None) -> dict[str, int]:
    """What one rating adds to a department that handled the petition."""
    if satisfaction is None:
        return {}
    return {
        "rated": 1,
        "satisfied": int(satisfaction >= SATISFIED),
        "satisfaction": satisfaction,
    }


async def rerate_departments(
    session: AsyncSession, petition_id: int, before: int | None, after: int | None
) -> None:
    """The petition's rating changed (rated, or cleared by a reopen): move it in the tallies
    of the departments whose dispatch of it was confirmed. No statement when it did not."""
    if before == after:
        return
    found = await session.execute(
        select(_D.department_id).where(
            _D.petition_id == petition_id, _D.status == DispatchStatus.CONFIRMED
        )
    )
    departments = sorted({department for (department,) in found})
    if not departments:
        return
    old, new = rating_sums(before), rating_sums(after)
    change = {name: new.get(name, 0) - old.get(name, 0) for name in FIGURES}
    await add_to_tallies(session, dict.fromkeys(departments, change))


async def tallies_by_department(
    connection: Connectable, department_ids: Sequence[int]
) -> dict[int, tuple[int, ...]]:
    """Each department's figures in FIGURES order (zeros for one with none yet)."""
    result = await connection.execute(
        select(_T.department_id, *(_T[name] for name in FIGURES)).where(
            _T.department_id.in_(list(department_ids))
        )
    )
    found = {row[0]: tuple(int(value) for value in row[1:]) for row in result}
    zero = (0,) * len(FIGURES)
    return {key: found.get(key, zero) for key in department_ids}
