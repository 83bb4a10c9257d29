"""Who sees a department and its dispatches: its own staff, and those who may read
organisations where it is attached (for a dispatch: those who may read its petition)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from db.departments.models import DepartmentKind, DispatchStatus
from db.departments.queries import (
    DEPARTMENT_KEY,
    DISPATCH_KEY,
    DepartmentRecord,
    DispatchRecord,
    department_list,
    dispatch_list,
)
from db.pagination import Page, PageRequest, paginate
from db.paths import is_within
from db.petitions.queries import PetitionRecord
from resolvers.access import Permission
from resolvers.context import Context
from resolvers.errors import Forbidden
from resolvers.organizations.reads import resolve_scope_under
from resolvers.petitions.reads import may_read


def is_own_department(context: Context, department_id: int) -> bool:
    own = context.viewer.department_id
    return own is not None and own == department_id


def may_read_department(context: Context, row: DepartmentRecord) -> bool:
    """Its own staff, and who may read organisations where it is attached, below it (it
    serves them), or above it."""
    if is_own_department(context, row.id):
        return True
    return any(
        is_within(path, row.org_path) or is_within(row.org_path, path)
        for path in context.viewer.paths_for(Permission.READ_ORGANIZATIONS)
    )


async def resolve_department_by_id(context: Context, department_id: int) -> DepartmentRecord | None:
    """The department if it exists and the viewer may see it; None either way otherwise."""
    context.require_account()
    row = await context.loaders.departments.by_id.load(department_id)
    return row if row is not None and may_read_department(context, row) else None


async def may_read_dispatch(context: Context, row: DispatchRecord) -> bool:
    if is_own_department(context, row.department_id):
        return True
    petition = await context.loaders.petitions.by_id.load(row.petition_id)
    return petition is not None and may_read(context, petition)


async def resolve_dispatch_by_id(context: Context, dispatch_id: int) -> DispatchRecord | None:
    context.require_account()
    row = await context.loaders.departments.dispatch.load(dispatch_id)
    return row if row is not None and await may_read_dispatch(context, row) else None


async def resolve_petition_dispatches(
    context: Context, petition: PetitionRecord
) -> list[DispatchRecord]:
    """The petition's dispatches the viewer may see: all of them for whoever reads the
    petition in the tree; a department's staff only their own department's."""
    dispatches = await context.loaders.departments.of_petition.load(petition.id)
    if may_read(context, petition):
        return dispatches
    return [d for d in dispatches if is_own_department(context, d.department_id)]


@dataclass(frozen=True, slots=True)
class DepartmentCriteria:
    under: int | None = None
    under_global_id: str | None = None
    kinds: Sequence[DepartmentKind] = ()


async def resolve_departments(
    context: Context, criteria: DepartmentCriteria, request: PageRequest
) -> tuple[Page[DepartmentRecord], Callable[[], Awaitable[int]]]:
    """Departments attached in the viewer's subtrees (under `under`), and their own."""
    roots = await resolve_scope_under(
        context, Permission.READ_ORGANIZATIONS, criteria.under, global_id=criteria.under_global_id
    )
    own = context.viewer.department_id if criteria.under is None else None
    query = department_list(roots, own, kinds=criteria.kinds)
    return await paginate(
        context.loaders.reads.read, query, DEPARTMENT_KEY, request, DepartmentRecord
    )


async def resolve_my_dispatches(
    context: Context, statuses: Sequence[DispatchStatus], request: PageRequest
) -> tuple[Page[DispatchRecord], Callable[[], Awaitable[int]]]:
    """The dispatches of the viewer's department, oldest first; FORBIDDEN for an account that
    acts for none (an empty list would say there is nothing)."""
    context.require_account()
    department = context.viewer.department_id
    if department is None:
        raise Forbidden(
            "Only a functional department's staff have dispatches to handle; ask an "
            "administrator to bind your account to your department."
        )
    query = dispatch_list(department, statuses)
    return await paginate(context.loaders.reads.read, query, DISPATCH_KEY, request, DispatchRecord)
