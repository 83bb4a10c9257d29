"""A dispatch's steps as data (status × action → next status, by whom), each a conditional
update on the dispatch's version and the petition's, on the petition's timeline 全过程留痕,
in the departments' kept figures, and heard by the petition's places and the departments.

The department accepts 接单 or returns 退单 (with a reason, back to the dispatcher); a co-handler
协办 adds its part; the lead 主办 reports back 反馈 for all; the dispatcher confirms 确认, which
resolves the petition for the resident to rate. The lead returning it withdraws the
co-handlers' dispatches; the dispatcher's confirmation confirms those that added their part
(they share the resident's rating) and withdraws the others.

While a dispatch is live the petition's own handling steps are refused
(resolvers/petitions/dispatched.py), so the dispatcher may withdraw 撤回 it (with a reason) at
any point before confirming: the lead's withdrawal gives the petition back to the dispatcher
as a return does and lapses the co-handlers' dispatches; a co-handler's withdraws only its own.
A withdrawal adds to no figure (the dispatch stays received; a report already made stays
answered), and may also clear a dispatch left live on a petition no longer open.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from db.base import utcnow
from db.departments.models import DispatchStatus, department_place
from db.departments.queries import DepartmentRecord, DispatchRecord
from db.departments.tallies import Deltas, add_to_tallies
from db.departments.writes import end_dispatches, step_dispatch
from db.events.types import EventType
from db.petitions.models import OPEN_STATUSES, PetitionAction, PetitionRow, PetitionStatus
from db.petitions.queries import PetitionRecord
from db.petitions.writes import Step, apply_petition_step
from db.records import record_of
from resolvers.access import Permission
from resolvers.changes import ChangeSet, change
from resolvers.context import Context
from resolvers.departments.reads import is_own_department, resolve_dispatch_by_id
from resolvers.errors import BadUserInput, Conflict, Forbidden, not_found
from resolvers.petitions.merging import follow_master
from resolvers.petitions.submitters import tell_submitter
from resolvers.validation import clean_text

D = DispatchStatus
A = PetitionAction


class Side(enum.Enum):
    DEPARTMENT = "department"  # staff of the dispatch's department
    LEAD = "lead"  # staff of the lead department 主办
    CO_HANDLER = "co_handler"  # staff of a co-handling department 协办
    DISPATCHER = "dispatcher"  # HANDLE_PETITIONS over the organisation that dispatched it


@dataclass(frozen=True, slots=True)
class Rule:
    to: DispatchStatus
    side: Side


TRANSITIONS: dict[tuple[DispatchStatus, PetitionAction], Rule] = {
    (D.DISPATCHED, A.TAKE): Rule(D.ACCEPTED, Side.DEPARTMENT),
    (D.DISPATCHED, A.RETURN): Rule(D.RETURNED, Side.DEPARTMENT),
    (D.ACCEPTED, A.CONTRIBUTE): Rule(D.CONTRIBUTED, Side.CO_HANDLER),
    (D.ACCEPTED, A.REPORT): Rule(D.REPORTED, Side.LEAD),
    (D.REPORTED, A.CONFIRM): Rule(D.CONFIRMED, Side.DISPATCHER),
    **{
        (status, A.WITHDRAW): Rule(D.WITHDRAWN, Side.DISPATCHER)
        for status in (D.DISPATCHED, D.ACCEPTED, D.REPORTED)
    },
}
# What a step's text is called, when it needs one.
_TEXT = {A.RETURN: "reason", A.CONTRIBUTE: "part", A.REPORT: "report", A.WITHDRAW: "reason"}


def allowed_dispatch_actions(row: DispatchRecord) -> list[PetitionAction]:
    return [action for (status, action) in TRANSITIONS if status == row.status]


def may_act(context: Context, row: DispatchRecord, side: Side) -> bool:
    if side is Side.DISPATCHER:
        return context.viewer.can(Permission.HANDLE_PETITIONS, row.dispatcher_org_path)
    if not is_own_department(context, row.department_id):
        return False
    return side is Side.DEPARTMENT or row.lead == (side is Side.LEAD)


_REFUSALS = {
    Side.DEPARTMENT: "Only the staff of the department it was dispatched to may {action} it.",
    Side.LEAD: "Only the lead department 主办部门 reports back for all; a co-handler adds its "
    "part with contributeToDispatch.",
    Side.CO_HANDLER: "Only a co-handling department 协办部门 adds a part; the lead reports "
    "back with reportDispatch.",
    Side.DISPATCHER: "Only a handler of the organisation that dispatched it may {action} it; "
    "ask its secretary or grid worker.",
}


@dataclass(frozen=True, slots=True)
class DispatchStepInput:
    expected_version: int | None = None
    text: str | None = None  # the reason, the part or the report, as the action needs


def stale(kind: str, expected: int, current: int) -> str:
    return (
        f"The {kind} changed meanwhile (you had version {expected}, it is now {current}); "
        "reload it and decide again."
    )


async def step(
    context: Context, dispatch_id: int, global_id: str, action: A, given: DispatchStepInput
) -> tuple[DispatchRecord, PetitionRow]:
    """Take one step on a dispatch: legal from its status, by the right side, on a fresh
    version; the dispatch and its petition as they now are."""
    account_id = context.require_account()
    row = await resolve_dispatch_by_id(context, dispatch_id)
    if row is None:
        raise not_found("dispatch", global_id)
    if given.expected_version is not None and given.expected_version != row.version:
        raise Conflict(stale("dispatch", given.expected_version, row.version))
    rule = TRANSITIONS.get((row.status, action))
    if rule is None:
        allowed = ", ".join(a.name for a in allowed_dispatch_actions(row)) or "none (it is over)"
        raise BadUserInput(
            f"{action.name} is not a step a {row.status.name} dispatch can take; the steps it "
            f"can take now: {allowed}.",
            field="id",
        )
    if not may_act(context, row, rule.side):
        raise Forbidden(_REFUSALS[rule.side].format(action=action.value))
    petition = await context.loaders.petitions.by_id.load(row.petition_id)
    if petition is None or (petition.status not in OPEN_STATUSES and action is not A.WITHDRAW):
        raise BadUserInput(
            "Its petition is no longer open (resolved, closed or rejected meanwhile); reload it.",
            field="id",
        )
    text = None
    if action in _TEXT:
        name = _TEXT[action]
        text = clean_text(
            given.text or "", field=name, max_length=2000 if name != "reason" else 500
        )
    department = await context.loaders.departments.by_id.load(row.department_id)
    assert department is not None  # a dispatch's department is never deleted while it lives
    others = [
        other
        for other in await context.loaders.departments.of_petition.load(row.petition_id)
        if other.id != row.id and other.status in _LIVE_OTHERS
    ]
    return await _apply(context, account_id, row, petition, department, action, rule, text, others)


_LIVE_OTHERS = (D.DISPATCHED, D.ACCEPTED, D.CONTRIBUTED, D.REPORTED)


def _dispatch_values(action: A, text: str | None, now: datetime) -> dict[str, Any]:
    if action in (A.TAKE, A.RETURN):
        return {"answered_at": now} | ({"return_reason": text} if action is A.RETURN else {})
    if action in (A.CONTRIBUTE, A.REPORT):
        return {"report": text, "reported_at": now}
    return {}


def _petition_values(
    action: A,
    row: DispatchRecord,
    petition: PetitionRecord,
    others: Sequence[DispatchRecord],
    now: datetime,
) -> dict[str, Any]:
    """What the petition becomes: the lead taking it starts the handling, the lead returning
    it gives it back to the dispatcher, the dispatcher's confirmation resolves it with the
    lead's report and the co-handlers' parts."""
    status = petition.status
    if action is A.TAKE and row.lead and status is PetitionStatus.ASSIGNED:
        return {"status": PetitionStatus.IN_PROGRESS}
    if action in (A.RETURN, A.WITHDRAW) and row.lead and status in OPEN_STATUSES:
        return {"status": PetitionStatus.ACCEPTED, "handler_name": None}
    if action is A.CONFIRM:
        parts = [row.report or ""] + [
            o.report for o in others if o.status is D.CONTRIBUTED and o.report
        ]
        return {
            "status": PetitionStatus.RESOLVED,
            "resolution": "\n".join(parts),
            "resolved_at": now,
            "handling_seconds": max(0, int((now - petition.created_at).total_seconds())),
        }
    return {"status": status}


def _figures(
    action: A, row: DispatchRecord, others: Sequence[DispatchRecord], now: datetime
) -> dict[int, dict[str, int]]:
    if action is A.RETURN:
        return {row.department_id: {"returned": 1}}
    if action in (A.CONTRIBUTE, A.REPORT):
        return {row.department_id: {"answered": 1, "on_time": int(now <= row.deadline_at)}}
    if action is A.CONFIRM:
        confirmed = [row.department_id] + [
            o.department_id for o in others if o.status is D.CONTRIBUTED
        ]
        deltas: dict[int, dict[str, int]] = {}
        for department in confirmed:
            deltas.setdefault(department, {"confirmed": 0})["confirmed"] += 1
        return deltas
    return {}


async def _apply(
    context: Context,
    account_id: int,
    row: DispatchRecord,
    petition: PetitionRecord,
    department: DepartmentRecord,
    action: A,
    rule: Rule,
    text: str | None,
    others: Sequence[DispatchRecord],
) -> tuple[DispatchRecord, PetitionRow]:
    now = utcnow()
    values = _petition_values(action, row, petition, others, now)
    async with change(context, account_id, conflict="The dispatch changed meanwhile.") as changes:
        dispatch_values = _dispatch_values(action, text, now) | {"status": rule.to}
        fresh = await step_dispatch(changes.session, row, dispatch_values, now)
        if fresh is None:
            raise Conflict(stale("dispatch", row.version, row.version + 1))
        # The lead returned or withdrawn, or the dispatcher confirming it, moves the others on.
        ending = action is A.CONFIRM or (action in (A.RETURN, A.WITHDRAW) and row.lead)
        if ending:
            contributed = [o.id for o in others if o.status is D.CONTRIBUTED]
            lapsed = [
                o.id for o in others if o.status is not D.CONTRIBUTED or action is not A.CONFIRM
            ]
            await end_dispatches(changes.session, lapsed, D.WITHDRAWN, now)
            if action is A.CONFIRM:
                await end_dispatches(changes.session, contributed, D.CONFIRMED, now)
        whose = f"撤回{department.name}的派单" if action is A.WITHDRAW else department.name
        note = whose + (f"：{text}" if text else "")
        updated = await record_step(
            context,
            changes,
            account_id,
            petition,
            action,
            values,
            note,
            now,
            dispatch=row,
            dispatch_status=rule.to,
            departments=[row.department_id] + ([o.department_id for o in others] if ending else []),
            figures=_figures(action, row, others, now),
        )
        if action is A.CONFIRM:
            # The reports merged into it take the resolution, as when it is resolved itself.
            await follow_master(changes, updated, A.RESOLVE, context.viewer.display_name, now)
    return record_of(DispatchRecord, fresh), updated


async def record_step(
    context: Context,
    changes: ChangeSet,
    account_id: int,
    petition: PetitionRecord,
    action: A,
    values: Mapping[str, Any],
    note: str | None,
    now: datetime,
    *,
    dispatch: DispatchRecord,
    dispatch_status: DispatchStatus,
    departments: Sequence[int],
    figures: Deltas,
) -> PetitionRow:
    """The petition's side of a dispatch step, in the step's transaction: its status and
    version, its timeline, the departments' figures, and the event its places and the
    departments concerned hear (and the resident, at their inbox)."""
    step = Step(
        action=action,
        from_status=petition.status,
        to_status=values["status"],
        actor_account_id=account_id,
        actor_name=context.viewer.display_name,
        organization_id=dispatch.dispatcher_org_id,
        note=note,
        at=now,
    )
    updated = await apply_petition_step(changes.session, petition, values, [step], now)
    if updated is None:
        raise Conflict(stale("petition", petition.version, petition.version + 1))
    await add_to_tallies(changes.session, figures)
    changes.record(
        EventType.PETITION_DISPATCHED,
        petition.id,
        at=petition.org_path,
        changes={
            "action": action.value,
            "from": petition.status.value,
            "to": updated.status.value,
            "version": updated.version,
            "dispatchId": dispatch.id,
            "departmentId": dispatch.department_id,
            "lead": dispatch.lead,
            "dispatchStatus": dispatch_status.value,
        },
        also_at=[
            petition.handling_org_path,
            dispatch.dispatcher_org_path,
            *(department_place(department) for department in departments),
        ],
    )
    tell_submitter(
        changes, petition.id, petition.submitter_account_id, action.value, updated.status.value
    )
    return updated
