"""Reads of departments and dispatches: by id, the lists a viewer may see, a petition's
dispatches, the departments serving a place."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    ColumnExpressionArgument,
    Select,
    String,
    bindparam,
    exists,
    or_,
    select,
)

from db.base import core_table
from db.departments.models import (
    LIVE_STATUSES,
    DepartmentAccountRow,
    DepartmentKind,
    DepartmentRow,
    DispatchRow,
    DispatchStatus,
)
from db.list_shapes import ListQuery, Shape, one_of, scope_values, within_scope
from db.paths import SEPARATOR, ancestor_paths
from db.records import ByKeys, Connectable, record_columns, row_record


@row_record
class DepartmentRecord:
    id: int
    name: str
    kind: DepartmentKind
    org_id: int
    org_path: str
    created_at: datetime


@row_record
class DispatchRecord:
    id: int
    petition_id: int
    department_id: int
    lead: bool
    status: DispatchStatus
    deadline_at: datetime
    dispatcher_account_id: int
    dispatcher_org_id: int
    dispatcher_org_path: str
    note: str | None
    answered_at: datetime | None
    return_reason: str | None
    report: str | None
    reported_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime


COLUMNS = record_columns(DepartmentRecord, DepartmentRow)
DISPATCH_COLUMNS = record_columns(DispatchRecord, DispatchRow)
_DEPARTMENTS = core_table(DepartmentRow).c
_DISPATCHES = core_table(DispatchRow).c
_ACCOUNTS = core_table(DepartmentAccountRow).c
DEPARTMENT_KEY = _DEPARTMENTS.id
DISPATCH_KEY = _DISPATCHES.id
_BY_ID = ByKeys(lambda keys: select(*COLUMNS).where(keys), _DEPARTMENTS.id)
_DISPATCH_BY_ID = ByKeys(lambda keys: select(*DISPATCH_COLUMNS).where(keys), _DISPATCHES.id)
_DISPATCHES_OF = ByKeys(
    lambda keys: select(*DISPATCH_COLUMNS).where(keys).order_by(_DISPATCHES.id),
    _DISPATCHES.petition_id,
)


async def departments_by_ids(
    connection: Connectable, ids: Sequence[int]
) -> dict[int, DepartmentRecord]:
    return {row[0]: DepartmentRecord(*row) for row in await _BY_ID.rows(connection, ids)}


async def dispatches_by_ids(
    connection: Connectable, ids: Sequence[int]
) -> dict[int, DispatchRecord]:
    return {row[0]: DispatchRecord(*row) for row in await _DISPATCH_BY_ID.rows(connection, ids)}


async def dispatches_by_petition(
    connection: Connectable, petition_ids: Sequence[int]
) -> dict[int, list[DispatchRecord]]:
    """Each petition's dispatches, oldest first (one statement for all)."""
    found: dict[int, list[DispatchRecord]] = {key: [] for key in petition_ids}
    for row in await _DISPATCHES_OF.rows(connection, petition_ids):
        dispatch = DispatchRecord(*row)
        found[dispatch.petition_id].append(dispatch)
    return found


def held_by_department(
    petition_id: ColumnExpressionArgument[int], now: datetime
) -> ColumnElement[bool]:
    """Whether a department holds the petition within its dispatch's deadline: a live
    dispatch of it (not returned, withdrawn or confirmed) not yet due at `now`. The deadline
    job leaves such a petition to the department (its overdue handling is the dispatch's)."""
    return exists().where(
        _DISPATCHES.petition_id == petition_id,
        _DISPATCHES.status.in_(LIVE_STATUSES),
        _DISPATCHES.deadline_at >= now,
    )


async def has_live_dispatch(connection: Connectable, petition_id: int) -> bool:
    """Whether a dispatch of the petition is still live (a department holds it)."""
    found = await connection.execute(
        select(_DISPATCHES.id)
        .where(_DISPATCHES.petition_id == petition_id, _DISPATCHES.status.in_(LIVE_STATUSES))
        .limit(1)
    )
    return found.first() is not None


def dispatched_petitions(department_id: int) -> Select[Any]:
    """The ids of the petitions ever dispatched to the department."""
    return _dispatched_petitions(department_id)


@lru_cache(maxsize=1024)
def _dispatched_petitions(department_id: int) -> Select[Any]:
    return select(_DISPATCHES.petition_id).where(_DISPATCHES.department_id == department_id)


def tree_ancestors(roots: Sequence[str]) -> list[str]:
    """The organisations at and above the roots (a department's place is in no tree)."""
    return sorted({a for root in roots if root.startswith(SEPARATOR) for a in ancestor_paths(root)})


def department_list(
    roots: Sequence[str], own_id: int | None, *, kinds: Sequence[DepartmentKind] = ()
) -> ListQuery:
    """Departments attached in the subtrees at `roots` or serving them from above (a street's
    城管中队 serves its communities), or the viewer's own; page by DEPARTMENT_KEY."""
    scope, values = scope_values(roots)
    above = tree_ancestors(roots)
    if above:
        values["above"] = above
    if own_id is not None:
        values["own"] = own_id
    if kinds:
        values["kinds"] = [kind.value for kind in kinds]
    shape = (scope, bool(above), own_id is not None, bool(kinds))
    return ListQuery(_departments, shape, values)


def _departments(dialect: str, shape: Shape) -> Select[Any]:
    scope, above, own, kinds = shape
    visible = within_scope(_DEPARTMENTS.org_path, scope)
    if above:
        visible = or_(visible, one_of(dialect, _DEPARTMENTS.org_path, "above", String()))
    if own:
        visible = or_(_DEPARTMENTS.id == bindparam("own"), visible)
    query = select(*COLUMNS).where(visible)
    if kinds:
        query = query.where(one_of(dialect, _DEPARTMENTS.kind, "kinds", String()))
    return query


def dispatch_list(department_id: int, statuses: Sequence[DispatchStatus] = ()) -> ListQuery:
    """The department's dispatches; page by DISPATCH_KEY."""
    values: dict[str, Any] = {"department": department_id}
    if statuses:
        values["statuses"] = [status.value for status in statuses]
    return ListQuery(_dispatches, (bool(statuses),), values)


def _dispatches(dialect: str, shape: Shape) -> Select[Any]:
    (statuses,) = shape
    query = select(*DISPATCH_COLUMNS).where(_DISPATCHES.department_id == bindparam("department"))
    if statuses:
        query = query.where(one_of(dialect, _DISPATCHES.status, "statuses", String()))
    return query


async def departments_serving(connection: Connectable, path: str) -> list[DepartmentRecord]:
    """The departments attached at the place `path` or above it, the nearest level first."""
    above = ancestor_paths(path)
    result = await connection.execute(
        select(*COLUMNS).where(_DEPARTMENTS.org_path.in_(above)).order_by(_DEPARTMENTS.id)
    )
    found = [DepartmentRecord(*row) for row in result]
    return sorted(found, key=lambda department: -len(department.org_path))


async def department_staff(
    connection: Connectable, department_ids: Sequence[int]
) -> dict[int, list[int]]:
    """The accounts acting for each department."""
    result = await connection.execute(
        select(_ACCOUNTS.department_id, _ACCOUNTS.account_id)
        .where(_ACCOUNTS.department_id.in_(list(department_ids)))
        .order_by(_ACCOUNTS.account_id)
    )
    found: dict[int, list[int]] = {key: [] for key in department_ids}
    for department_id, account_id in result:
        found[department_id].append(account_id)
    return found
