"""Dispatching 派单 a petition to functional departments: one lead 主办 and any co-handlers 协办,
each a department serving the petition's place (attached at its grid or above), with a
deadline (by default the category's); the lead by default the category's default department
默认承办部门 nearest the place."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from db.base import utcnow
from db.departments.models import DispatchStatus
from db.departments.queries import DepartmentRecord, DispatchRecord, departments_serving
from db.departments.writes import insert_dispatches
from db.paths import is_within
from db.petitions.models import PetitionAction, PetitionRow, PetitionStatus
from db.petitions.queries import PetitionRecord
from db.records import record_of
from resolvers.access import Permission
from resolvers.changes import change
from resolvers.context import Context
from resolvers.departments.workflow import record_step, stale
from resolvers.errors import BadUserInput, Conflict, Forbidden, not_found
from resolvers.petitions.reads import resolve_petition_by_id
from resolvers.validation import clean_text

DISPATCHABLE = (PetitionStatus.ACCEPTED, PetitionStatus.ASSIGNED, PetitionStatus.IN_PROGRESS)
MAX_CO_HANDLERS = 5
DEADLINE_HORIZON = timedelta(days=90)
_LIVE = (
    DispatchStatus.DISPATCHED,
    DispatchStatus.ACCEPTED,
    DispatchStatus.CONTRIBUTED,
    DispatchStatus.REPORTED,
)
# The level words a category's default department may start with (街道城管中队 names the
# 城管中队 of whichever street serves the place).
_LEVEL_WORDS = ("街道", "区", "市")


@dataclass(frozen=True, slots=True)
class DispatchDraft:
    expected_version: int | None = None
    lead_id: int | None = None  # None: the category's default department
    lead_global_id: str | None = None
    co_handler_ids: Sequence[int] = ()
    co_handler_global_ids: Sequence[str] = field(default_factory=tuple)
    deadline_at: datetime | None = None
    note: str | None = None


async def dispatch_petition(
    context: Context, petition_id: int, global_id: str, draft: DispatchDraft
) -> tuple[PetitionRow, list[DispatchRecord]]:
    """Dispatch an open petition its holder handles, with no dispatch still open, to a lead
    department and any co-handlers; the petition becomes ASSIGNED, held by its holder."""
    account_id = context.require_account()
    row = await resolve_petition_by_id(context, petition_id)
    if row is None:
        raise not_found("petition", global_id)
    if draft.expected_version is not None and draft.expected_version != row.version:
        raise Conflict(stale("petition", draft.expected_version, row.version))
    if not context.viewer.can(Permission.HANDLE_PETITIONS, row.handling_org_path):
        raise Forbidden(
            "Only a handler of the organisation holding this petition may dispatch it; ask "
            "its secretary or grid worker.",
            permission=Permission.HANDLE_PETITIONS.value,
        )
    if row.status not in DISPATCHABLE:
        raise BadUserInput(
            f"A {row.status.name} petition cannot be dispatched; accept it first (only an "
            "accepted, assigned or in-progress petition can).",
            field="petitionId",
        )
    if any(d.status in _LIVE for d in await context.loaders.departments.of_petition.load(row.id)):
        raise Conflict(
            "This petition is already dispatched and not yet answered or confirmed; wait for "
            "the department's answer (or its return 退单) before dispatching it again."
        )
    lead = await _lead(context, row, draft)
    co_handlers = await _co_handlers(context, row, draft, lead)
    now = utcnow()
    deadline = await _deadline(context, row, draft.deadline_at, now)
    note = clean_text(draft.note or "", field="note", max_length=500, required=False) or None
    async with change(context, account_id, conflict="The petition changed meanwhile.") as changes:
        written = await insert_dispatches(
            changes.session,
            [
                {
                    "petition_id": row.id,
                    "department_id": department.id,
                    "lead": department.id == lead.id,
                    "status": DispatchStatus.DISPATCHED,
                    "deadline_at": deadline,
                    "dispatcher_account_id": account_id,
                    "dispatcher_org_id": row.handling_org_id,
                    "dispatcher_org_path": row.handling_org_path,
                    "note": note,
                    "created_at": now,
                    "updated_at": now,
                }
                for department in [lead, *co_handlers]
            ],
        )
        dispatches = [record_of(DispatchRecord, written_row) for written_row in written]
        names = "、".join(d.name for d in co_handlers)
        updated = await record_step(
            context,
            changes,
            account_id,
            row,
            PetitionAction.DISPATCH,
            {
                "status": PetitionStatus.ASSIGNED,
                "handler_account_id": None,
                "handler_name": lead.name,
            },
            f"派单至{lead.name}（主办）"
            + (f"，{names}（协办）" if names else "")
            + (f"：{note}" if note else ""),
            now,
            dispatch=dispatches[0],
            dispatch_status=DispatchStatus.DISPATCHED,
            departments=[d.department_id for d in dispatches],
            figures={d.department_id: {"dispatched": 1} for d in dispatches},
        )
    return updated, dispatches


def _serves(department: DepartmentRecord, row: PetitionRecord) -> bool:
    return is_within(row.org_path, department.org_path)


async def _department(
    context: Context, row: PetitionRecord, key: int, global_id: str | None, field_name: str
) -> DepartmentRecord:
    department = await context.loaders.departments.by_id.load(key)
    if department is None or not _serves(department, row):
        raise not_found(
            "department serving this petition's place", global_id or str(key), field=field_name
        )
    return department


async def _lead(context: Context, row: PetitionRecord, draft: DispatchDraft) -> DepartmentRecord:
    if draft.lead_id is not None:
        return await _department(context, row, draft.lead_id, draft.lead_global_id, "departmentId")
    category = await context.loaders.petitions.category.load(row.category_id)
    default = category.default_department if category else None
    if default:
        found = await _nearest_named(context, row, default)
        if found is not None:
            return found
    raise BadUserInput(
        f"No department named like the category's default ({default or 'none'}) serves this "
        "place; name the department with `departmentId`.",
        field="departmentId",
    )


async def _nearest_named(
    context: Context, row: PetitionRecord, default: str
) -> DepartmentRecord | None:
    """The department nearest the place whose name ends as the category's default
    department does, once its level word (街道, 区) is set aside."""
    key = default
    for word in _LEVEL_WORDS:
        if key.startswith(word):
            key = key[len(word) :]
            break
    async with context.loaders.reads.read() as connection:
        serving = await departments_serving(connection, row.org_path)
    return next((d for d in serving if d.name.endswith(key)), None)


async def _co_handlers(
    context: Context, row: PetitionRecord, draft: DispatchDraft, lead: DepartmentRecord
) -> list[DepartmentRecord]:
    if len(draft.co_handler_ids) > MAX_CO_HANDLERS:
        raise BadUserInput(
            f"Name at most {MAX_CO_HANDLERS} co-handling departments.", field="coHandlerIds"
        )
    if (
        len(set(draft.co_handler_ids)) != len(draft.co_handler_ids)
        or lead.id in draft.co_handler_ids
    ):
        raise BadUserInput(
            "Name each co-handling department once, and not the lead department among them.",
            field="coHandlerIds",
        )
    global_ids: list[str | None] = [*draft.co_handler_global_ids] or [None] * len(
        draft.co_handler_ids
    )
    return [
        await _department(context, row, key, global_id, "coHandlerIds")
        for key, global_id in zip(draft.co_handler_ids, global_ids, strict=True)
    ]


async def _deadline(
    context: Context, row: PetitionRecord, given: datetime | None, now: datetime
) -> datetime:
    if given is None:
        category = await context.loaders.petitions.category.load(row.category_id)
        return now + timedelta(hours=category.deadline_hours if category else 72)
    if given.tzinfo is None:
        raise BadUserInput(
            "`deadlineAt` needs a time zone, e.g. 2026-12-10T18:00:00+08:00.", field="deadlineAt"
        )
    if not now < given <= now + DEADLINE_HORIZON:
        raise BadUserInput(
            "`deadlineAt` must lie in the future and within 90 days; give the moment by which "
            "the department should report back.",
            field="deadlineAt",
        )
    return given
