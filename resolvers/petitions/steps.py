"""What each petition step sets, after checking the input that step needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from db.accounts.models import get_account_by_username, get_bindings_with_paths
from db.base import utcnow
from db.organizations.queries import OrganizationRecord
from db.paths import is_within
from db.petitions.models import PetitionAction, PetitionStatus
from db.petitions.queries import PetitionRecord
from resolvers.access import ROLE_PERMISSIONS, Permission
from resolvers.context import Context
from resolvers.errors import BadUserInput, not_found
from resolvers.organizations.reads import resolve_organization_by_id
from resolvers.validation import clean_text

S = PetitionStatus
A = PetitionAction


@dataclass(frozen=True, slots=True)
class StepInput:
    """What a step may carry; each action reads the fields it needs."""

    expected_version: int | None = None
    note: str | None = None
    organization_id: int | None = None
    organization_global_id: str | None = None
    handler_username: str | None = None
    resolution: str | None = None
    satisfaction: int | None = None
    comment: str | None = None
    reason: str | None = None
    deadline_at: datetime | None = None


def _required(value: str | None, field: str, max_length: int) -> str:
    return clean_text(value or "", field=field, max_length=max_length)


async def _assignment(context: Context, row: PetitionRecord, step: StepInput) -> dict[str, Any]:
    target: OrganizationRecord | None
    if step.organization_id is None:
        target = await resolve_organization_by_id(context, row.handling_org_id)
    else:
        target = await resolve_organization_by_id(context, step.organization_id)
    if target is None or not context.viewer.can(Permission.HANDLE_PETITIONS, target.path):
        raise not_found(
            "organization you handle petitions in",
            step.organization_global_id or str(step.organization_id),
            field="organizationId",
        )
    values: dict[str, Any] = {
        "handling_org_id": target.id,
        "handling_org_path": target.path,
        "handler_account_id": None,
        "handler_name": None,
    }
    if step.handler_username:
        async with context.services.database.session() as session:
            handler = await get_account_by_username(session, step.handler_username.strip())
            bindings = await get_bindings_with_paths(session, handler.id) if handler else []
        if handler is None or not any(
            is_within(target.path, path) and Permission.HANDLE_PETITIONS in ROLE_PERMISSIONS[role]
            for role, _org, path in bindings
        ):
            raise BadUserInput(
                f"{step.handler_username!r} cannot handle petitions in {target.name}; choose an "
                "account with a grid-worker or secretary role there.",
                field="handlerUsername",
            )
        values |= {"handler_account_id": handler.id, "handler_name": handler.display_name}
    return values


async def step_changes(
    context: Context, row: PetitionRecord, action: A, step: StepInput
) -> dict[str, Any]:
    """The columns this step sets, after checking its own input."""
    now = utcnow()
    reopen_days = context.services.petitions.reopen_days
    window = timedelta(days=reopen_days)
    if action is A.ASSIGN:
        return await _assignment(context, row, step)
    if action is A.RESOLVE:
        return {
            "resolution": _required(step.resolution, "resolution", 2000),
            "resolved_at": now,
            "handling_seconds": max(0, int((now - row.created_at).total_seconds())),
        }
    if action is A.RATE:
        if step.satisfaction is None or not 1 <= step.satisfaction <= 5:
            raise BadUserInput(
                "`satisfaction` must be 1 (very dissatisfied) to 5.", field="satisfaction"
            )
        comment = clean_text(step.comment or "", field="comment", max_length=500, required=False)
        return {"satisfaction": step.satisfaction, "rating_comment": comment or None}
    if action is A.REJECT:
        return {"reject_reason": _required(step.reason, "reason", 500), "closed_at": now}
    if action is A.CLOSE:
        if row.status is S.RESOLVED and row.resolved_at and now < row.resolved_at + window:
            raise BadUserInput(
                "The resident may still rate or reopen this petition; close it once they rated it "
                f"or after {reopen_days:g} days.",
            )
        return {"closed_at": now}
    if action is A.REOPEN:
        if row.resolved_at is None or now > row.resolved_at + window:
            raise BadUserInput(
                f"A petition can be reopened only within {reopen_days:g} days of its "
                "resolution; submit a new petition instead."
            )
        category = await context.loaders.petitions.category.load(row.category_id)
        hours = category.deadline_hours if category else 72
        return {
            "resolved_at": None,
            "handling_seconds": None,
            "satisfaction": None,
            "rating_comment": None,
            "deadline_at": now + timedelta(hours=hours),
            "level_deadline_at": now + timedelta(hours=hours),
            "overdue_at": None,
        }
    if action is A.SUPERVISE:
        return _supervision(context, row, step, now)
    if action is A.ESCALATE:
        parent = await petition_parent(context, row)
        return {
            "handling_org_id": parent.id,
            "handling_org_path": parent.path,
            "handler_account_id": None,
            "handler_name": None,
            "escalations": row.escalations + 1,
            # The level it reaches gets its own deadline, as when the job escalates it.
            "level_deadline_at": context.services.petitions.level_deadline(parent.level, now),
        }
    return {}


SUPERVISION_HORIZON = timedelta(days=90)


def _supervision(
    context: Context, row: PetitionRecord, step: StepInput, now: datetime
) -> dict[str, Any]:
    """督办: a note saying what is asked, and optionally a new deadline at the level holding it
    (past it, the petition climbs on as at any level deadline)."""
    values: dict[str, Any] = {
        "supervisions": row.supervisions + 1,
        "supervised_at": now,
        "supervisor_name": context.viewer.display_name,
        "supervision_note": _required(step.note, "note", 500),
    }
    if step.deadline_at is not None:
        due = step.deadline_at
        if due.tzinfo is None:
            raise BadUserInput(
                "`deadlineAt` needs a time zone, e.g. 2026-12-10T18:00:00+08:00.",
                field="deadlineAt",
            )
        if not now < due <= now + SUPERVISION_HORIZON:
            raise BadUserInput(
                "`deadlineAt` must lie in the future and within 90 days; give the moment by "
                "which the handler should finish.",
                field="deadlineAt",
            )
        values["level_deadline_at"] = due
    return values


async def petition_parent(context: Context, row: PetitionRecord) -> OrganizationRecord:
    handling = await context.loaders.organizations.by_id.load(row.handling_org_id)
    parent = (
        await context.loaders.organizations.by_id.load(handling.parent_id)
        if handling and handling.parent_id
        else None
    )
    if parent is None:
        raise BadUserInput("This petition is already held at the top of the tree.")
    return parent
