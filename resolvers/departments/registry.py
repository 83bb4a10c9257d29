"""Registering functional departments and the accounts acting for them: administrators of the
organisation a department serves (WRITE_ORGANIZATIONS there)."""

from __future__ import annotations

from dataclasses import dataclass

from db.departments.models import DepartmentKind, DepartmentRow
from db.departments.writes import bind_department_account, insert_department
from db.events.types import EventType
from resolvers.access import Permission
from resolvers.accounts.named import resolve_account_by_username
from resolvers.changes import change
from resolvers.context import Context
from resolvers.departments.reads import resolve_department_by_id
from resolvers.errors import not_found
from resolvers.organizations.reads import resolve_organization_by_id
from resolvers.validation import clean_text


@dataclass(frozen=True, slots=True)
class DepartmentDraft:
    name: str
    kind: DepartmentKind
    org_id: int
    org_global_id: str


async def register_department(context: Context, draft: DepartmentDraft) -> DepartmentRow:
    """A new department attached to an organisation the viewer may change."""
    serves = await resolve_organization_by_id(context, draft.org_id)
    if serves is None:
        raise not_found("organization", draft.org_global_id, field="organizationId")
    account_id = context.require(
        Permission.WRITE_ORGANIZATIONS, serves.path, action="register departments"
    )
    values = {
        "name": clean_text(draft.name, field="name", max_length=100),
        "kind": draft.kind,
        "org_id": serves.id,
        "org_path": serves.path,
    }
    async with change(
        context, account_id, conflict="A department of that name is registered already."
    ) as changes:
        row = await insert_department(changes.session, values)
        changes.record(
            EventType.DEPARTMENT_REGISTERED,
            row.id,
            at=serves.path,
            changes={"name": row.name, "kind": row.kind.value},
        )
    return row


async def bind_account_to_department(
    context: Context, department_id: int, department_global_id: str, username: str
) -> DepartmentRow:
    """Let an existing account act for the department (the `department` role)."""
    department = await resolve_department_by_id(context, department_id)
    if department is None:
        raise not_found("department", department_global_id, field="departmentId")
    account_id = context.require(
        Permission.WRITE_ORGANIZATIONS, department.org_path, action="bind accounts to departments"
    )
    account = await resolve_account_by_username(context, username)
    async with change(
        context, account_id, conflict="That account already acts for a department."
    ) as changes:
        row = await bind_department_account(changes.session, account.id, department.id)
        changes.record(
            EventType.DEPARTMENT_ACCOUNT_BOUND,
            department.id,
            at=department.org_path,
            changes={"accountId": account.id},
        )
    context.services.viewers.forget_all()
    return row
