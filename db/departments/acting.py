"""What an account acts for beside its role bindings: a co-building unit, a functional
department. One statement, since a viewer not in the cache is loaded on the request's path."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from db.base import core_table
from db.departments.models import DepartmentAccountRow, DepartmentRow
from db.records import Connectable
from db.units.models import UnitAccountRow

_UNIT_ACCOUNTS = core_table(UnitAccountRow).c
_DEPARTMENT_ACCOUNTS = core_table(DepartmentAccountRow).c
_DEPARTMENTS = core_table(DepartmentRow).c


@dataclass(frozen=True, slots=True)
class ActingFor:
    unit_id: int | None
    department_id: int | None
    department_org_id: int | None  # the organisation the department serves


async def acting_for(connection: Connectable, account_id: int) -> ActingFor:
    """The unit and the department the account acts for (each an account has at most one)."""
    unit = select(_UNIT_ACCOUNTS.unit_id).where(_UNIT_ACCOUNTS.account_id == account_id)
    department = select(_DEPARTMENT_ACCOUNTS.department_id).where(
        _DEPARTMENT_ACCOUNTS.account_id == account_id
    )
    served = select(_DEPARTMENTS.org_id).where(_DEPARTMENTS.id == department.scalar_subquery())
    result = await connection.execute(
        select(unit.scalar_subquery(), department.scalar_subquery(), served.scalar_subquery())
    )
    unit_id, department_id, department_org_id = result.one()
    return ActingFor(unit_id, department_id, department_org_id)
