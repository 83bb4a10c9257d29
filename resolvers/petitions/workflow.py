"""The petition state machine: legal steps as data, who may take them, stale-version checks."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from db.base import CHINA_STANDARD_TIME, utcnow
from db.events.types import EventType
from db.paths import is_within
from db.petitions.models import PetitionAction, PetitionRow, PetitionStatus
from db.petitions.queries import PetitionRecord
from db.petitions.writes import Step, apply_petition_step
from resolvers.access import Permission
from resolvers.changes import change
from resolvers.context import Context
from resolvers.errors import BadUserInput, Conflict, Forbidden, not_found
from resolvers.petitions.dispatched import refuse_if_held
from resolvers.petitions.merging import follow_master
from resolvers.petitions.notices import tell_new_level, tell_supervised
from resolvers.petitions.reads import is_submitter, resolve_petition_by_id
from resolvers.petitions.steps import StepInput, step_changes
from resolvers.petitions.submitters import tell_submitter
from resolvers.validation import clean_text

S = PetitionStatus
A = PetitionAction


class Actor(enum.Enum):
    HANDLER = "handler"  # HANDLE_PETITIONS over the organisation holding the petition
    SUBMITTER = "submitter"  # the resident (or, with no resident account, a handler for them)
    SUPERVISOR = "supervisor"  # SUPERVISE_PETITIONS at an organisation above the holder


@dataclass(frozen=True, slots=True)
class Rule:
    to: PetitionStatus
    actor: Actor


_ESCALATABLE = (S.SUBMITTED, S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS)
TRANSITIONS: dict[tuple[PetitionStatus, PetitionAction], Rule] = {
    (S.SUBMITTED, A.ACCEPT): Rule(S.ACCEPTED, Actor.HANDLER),
    (S.SUBMITTED, A.REJECT): Rule(S.REJECTED, Actor.HANDLER),
    (S.ACCEPTED, A.REJECT): Rule(S.REJECTED, Actor.HANDLER),
    (S.ACCEPTED, A.ASSIGN): Rule(S.ASSIGNED, Actor.HANDLER),
    (S.ASSIGNED, A.ASSIGN): Rule(S.ASSIGNED, Actor.HANDLER),
    (S.ASSIGNED, A.START): Rule(S.IN_PROGRESS, Actor.HANDLER),
    (S.IN_PROGRESS, A.RESOLVE): Rule(S.RESOLVED, Actor.HANDLER),
    (S.RESOLVED, A.RATE): Rule(S.RATED, Actor.SUBMITTER),
    (S.RESOLVED, A.REOPEN): Rule(S.IN_PROGRESS, Actor.SUBMITTER),
    (S.RATED, A.REOPEN): Rule(S.IN_PROGRESS, Actor.SUBMITTER),
    (S.RATED, A.CLOSE): Rule(S.CLOSED, Actor.HANDLER),
    (S.RESOLVED, A.CLOSE): Rule(S.CLOSED, Actor.HANDLER),  # once the reopen window is over
    **{(status, A.ESCALATE): Rule(S.ACCEPTED, Actor.HANDLER) for status in _ESCALATABLE},
    # Supervision 督办 leaves the status as it is.
    **{(status, A.SUPERVISE): Rule(status, Actor.SUPERVISOR) for status in _ESCALATABLE},
}
# The event each step records (PETITION_TRANSITIONED for the others).
_EVENTS = {A.ESCALATE: EventType.PETITION_ESCALATED, A.SUPERVISE: EventType.PETITION_SUPERVISED}


def allowed_actions(row: PetitionRecord) -> list[PetitionAction]:
    return [action for (status, action) in TRANSITIONS if status == row.status]


def _may_handle(context: Context, row: PetitionRecord) -> bool:
    return context.viewer.can(Permission.HANDLE_PETITIONS, row.handling_org_path)


def supervisor_path(context: Context, row: PetitionRecord) -> str | None:
    """Where the viewer may supervise the petition from: an organisation of theirs strictly
    above the one holding it (the deepest such); None when they may not."""
    above = [
        path
        for path in context.viewer.paths_for(Permission.SUPERVISE_PETITIONS)
        if is_within(row.handling_org_path, path) and path != row.handling_org_path
    ]
    return max(above, key=len) if above else None


def _require_actor(context: Context, row: PetitionRecord, rule: Rule, action: A) -> None:
    if rule.actor is Actor.HANDLER and _may_handle(context, row):
        return
    if rule.actor is Actor.SUPERVISOR:
        if supervisor_path(context, row) is not None:
            return
        raise Forbidden(
            "Only an administrator or secretary of an organisation above the one holding this "
            "petition may supervise it; ask the street or district above."
        )
    if rule.actor is Actor.SUBMITTER and (
        is_submitter(context, row)
        or (row.submitter_account_id is None and _may_handle(context, row))
    ):
        return
    who = "the resident who raised it" if rule.actor is Actor.SUBMITTER else "its handlers"
    raise Forbidden(f"Only {who} may {action.value} this petition.")


async def transition(
    context: Context, petition_id: int, global_id: str, action: A, step: StepInput
) -> PetitionRow:
    """Take one step: legal from the current status, by the right actor, on a fresh version."""
    account_id = context.require_account()
    row = await resolve_petition_by_id(context, petition_id)
    if row is None:
        raise not_found("petition", global_id)
    if step.expected_version is not None and step.expected_version != row.version:
        raise Conflict(_stale(step.expected_version, row.version))
    rule = TRANSITIONS.get((row.status, action))
    if rule is None:
        allowed = ", ".join(a.name for a in allowed_actions(row)) or "none (it is finished)"
        raise BadUserInput(
            f"{action.name} is not a step a {row.status.name} petition can take; the steps it "
            f"can take now: {allowed}.",
            field="id",
        )
    _require_actor(context, row, rule, action)
    await refuse_if_held(context, row, action)
    values = await step_changes(context, row, action, step)
    note = clean_text(step.note or "", field="note", max_length=500, required=False) or None
    return await apply_step(context, account_id, row, action, rule.to, values, note)


def _timeline_note(values: dict[str, Any], note: str | None) -> str | None:
    if "satisfaction" in values:
        comment = values.get("rating_comment")
        return f"满意度 {values['satisfaction']}/5" + (f"：{comment}" if comment else "")
    return (
        values.get("reject_reason") or values.get("resolution") or _supervision_note(values) or note
    )


def _supervision_note(values: dict[str, Any]) -> str | None:
    if "supervision_note" not in values:
        return None
    due = values.get("level_deadline_at")
    until = f"（限 {due.astimezone(CHINA_STANDARD_TIME):%m月%d日 %H:%M} 前办结）" if due else ""
    return f"督办：{values['supervision_note']}{until}"


def _stale(expected: int, current: int) -> str:
    return (
        f"The petition changed meanwhile (you had version {expected}, it is now {current}); "
        "reload it and decide again."
    )


async def apply_step(
    context: Context,
    account_id: int,
    row: PetitionRecord,
    action: A,
    to: PetitionStatus,
    values: dict[str, Any],
    note: str | None,
) -> PetitionRow:
    """A conditional UPDATE on the version read: zero rows means someone else was faster."""
    now = utcnow()
    step = Step(
        action=action,
        from_status=row.status,
        to_status=to,
        actor_account_id=account_id,
        actor_name=context.viewer.display_name,
        organization_id=values.get("handling_org_id", row.handling_org_id),
        note=_timeline_note(values, note),
        at=now,
    )
    async with change(context, account_id, conflict="The petition changed meanwhile.") as changes:
        fresh = await apply_petition_step(
            changes.session, row, values | {"status": to}, [step], now
        )
        if fresh is None:
            raise Conflict(_stale(row.version, row.version + 1))
        changed: dict[str, Any] = {
            "action": action.value,
            "from": row.status.value,
            "to": to.value,
            "categoryId": row.category_id,
            "version": fresh.version,
        }
        places: list[str] = []
        if action is A.ESCALATE:
            changed |= {
                "fromOrganizationId": row.handling_org_id,
                "toOrganizationId": values["handling_org_id"],
            }
            places = [row.handling_org_path, fresh.handling_org_path]
        if action is A.SUPERVISE:
            due = fresh.level_deadline_at
            changed |= {
                "supervisions": fresh.supervisions,
                "levelDeadlineAt": due.isoformat() if due else None,
            }
            places = [row.handling_org_path, supervisor_path(context, row) or row.org_path]
        changes.record(
            _EVENTS.get(action, EventType.PETITION_TRANSITIONED),
            row.id,
            at=row.org_path,
            changes=changed,
            also_at=places,
        )
        tell_submitter(changes, row.id, row.submitter_account_id, action.value, to.value)
        await follow_master(changes, fresh, action, context.viewer.display_name, now)
        if action is A.SUPERVISE:
            await tell_supervised(changes, fresh, context.viewer.display_name or "上级", now)
        if action is A.ESCALATE:
            holder = await context.loaders.organizations.by_id.load(fresh.handling_org_id)
            name = holder.name if holder else "上级组织"
            await tell_new_level(changes, fresh, name, now, automatic=False)
    return fresh
