"""Transfer mutations: the request, and the later steps (approve with the letter, accept,
return, complete, cancel), each all-or-nothing on the version the actor saw."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from db.base import utcnow
from db.events.types import EventType
from db.members.queries import MemberRecord
from db.members.writes import lock_member
from db.organizations.queries import OrganizationRecord
from db.transfers.models import TransferAction, TransferRow, TransferStatus
from db.transfers.writes import Step, apply_transfer_step, insert_transfer, open_transfer_of
from resolvers.access import Permission
from resolvers.changes import ChangeSet, change
from resolvers.context import Context
from resolvers.errors import BadUserInput, Conflict, not_found
from resolvers.members.writes import BRANCH_KINDS
from resolvers.transfers.leaving import leave_platform
from resolvers.transfers.moving import move_member
from resolvers.transfers.workflow import ANSWER_WITHIN, actors_of, decide
from resolvers.validation import clean_text

STALE = "The transfer changed since you loaded it; reload it and decide again."
A = TransferAction


@dataclass(frozen=True, slots=True)
class TransferDraft:
    member_id: int | None  # None: the viewer's own member record
    member_global_id: str | None
    reason: str
    destination_id: int | None = None
    destination_global_id: str | None = None
    destination_text: str | None = None  # out of the platform


@dataclass(frozen=True, slots=True)
class StepInput:
    letter_number: str | None = None
    note: str | None = None
    expected_version: int | None = None


async def _member(context: Context, draft: TransferDraft) -> MemberRecord:
    key = draft.member_id if draft.member_id is not None else context.viewer.member_id
    if key is None:
        raise BadUserInput(
            "Name the member (`memberId`): only a party member's own account may omit it.",
            field="memberId",
        )
    member = await context.loaders.members.by_id.load(key)
    if member is None:
        raise not_found("member", draft.member_global_id or str(key), field="memberId")
    context.viewer.require_for_member(
        Permission.MANAGE_TRANSFERS, member.id, member.org_path, action="request a transfer"
    )
    if not member.status.is_party_member:
        raise BadUserInput(
            "Only a party member (probationary or full) has an organisational relation to "
            "transfer; people on the way to membership change branch with updateMember.",
            field="memberId",
        )
    return member


async def _destination(
    context: Context, draft: TransferDraft, member: MemberRecord
) -> OrganizationRecord | str:
    """The branch of the city the relation moves to, or the text of where it goes out."""
    if (draft.destination_id is None) == (draft.destination_text is None):
        raise BadUserInput(
            "Give either `destinationId` (a branch in the city) or `destinationText` (where "
            "the relation goes out of the platform), not both or neither.",
            field="destinationId",
        )
    if draft.destination_id is None:
        return clean_text(draft.destination_text or "", field="destinationText", max_length=200)
    # Any branch of the city: the requester need not see it otherwise.
    found = await context.loaders.organizations.by_id.load(draft.destination_id)
    if found is None:
        raise not_found("organization", draft.destination_global_id or "", field="destinationId")
    if found.kind not in BRANCH_KINDS:
        raise BadUserInput(
            f"{found.name} is a {found.kind.name}; a relation moves to a BRANCH or GENERAL_BRANCH.",
            field="destinationId",
        )
    if found.id == member.branch_id:
        raise BadUserInput(
            f"The member belongs to {found.name} already; choose another branch.",
            field="destinationId",
        )
    return found


def _record(changes: ChangeSet, event: EventType, row: TransferRow, **what: Any) -> None:
    """Each step is heard at both ends: the source branch and the destination."""
    changes.record(
        event,
        row.id,
        at=row.source_path,
        also_at=[row.destination_path] if row.destination_path else [],
        changes={"status": row.status.value, "version": row.version, **what},
    )


async def request_transfer(context: Context, draft: TransferDraft) -> TransferRow:
    account_id = context.require_account()
    member = await _member(context, draft)
    destination = await _destination(context, draft, member)
    reason = clean_text(draft.reason, field="reason", max_length=500)
    branch = destination if isinstance(destination, OrganizationRecord) else None
    inside = branch is not None
    values: dict[str, Any] = {
        "member_id": member.id,
        "source_branch_id": member.branch_id,
        "source_path": member.org_path,
        "destination_branch_id": branch.id if branch else None,
        "destination_path": branch.path if branch else None,
        "destination_text": destination if isinstance(destination, str) else None,
        "reason": reason,
        "created_by_account_id": account_id,
    }
    step = Step(A.REQUEST, None, TransferStatus.REQUESTED, account_id, utcnow())
    asked_meanwhile = "The member's transfers changed meanwhile; reload them and ask again."
    async with change(context, account_id, conflict=asked_meanwhile) as changes:
        locked = await lock_member(changes.session, member.id)
        if locked.org_path != member.org_path:
            raise Conflict("The member changed branch meanwhile; reload and ask again.")
        already = await open_transfer_of(changes.session, member.id)
        if already is not None:
            raise Conflict(
                "The member has an open transfer already; cancel it, or wait for its answer, "
                "before asking for another.",
                field="memberId",
            )
        row = await insert_transfer(changes.session, values, step)
        _record(changes, EventType.TRANSFER_REQUESTED, row, outOfPlatform=not inside)
    return row


async def take_transfer_step(
    context: Context, transfer_id: int, global_id: str, action: TransferAction, given: StepInput
) -> TransferRow:
    account_id = context.require_account()
    row = await context.loaders.transfers.by_id.load(transfer_id)
    if row is None:
        raise not_found("transfer", global_id)
    actor, to = decide(row, action, actors_of(context.viewer, row))
    version = given.expected_version if given.expected_version is not None else row.version
    if version != row.version:
        raise Conflict(STALE, field="expectedVersion")
    now = utcnow()
    note = clean_text(given.note or "", field="note", max_length=500, required=False) or None
    values: dict[str, Any] = {}
    if action is A.APPROVE:
        values["letter_number"] = clean_text(
            given.letter_number or "", field="letterNumber", max_length=64
        )
        values["approved_at"] = now
        if row.destination_branch_id is not None:
            values["answer_due_at"] = now + ANSWER_WITHIN
    elif action is A.RETURN:
        if note is None:
            raise BadUserInput(
                "Say why the transfer is returned (`note`): the member and the source read it.",
                field="note",
            )
        values["return_reason"] = note
    if to in (TransferStatus.DONE, TransferStatus.RETURNED, TransferStatus.CANCELLED):
        values["finished_at"] = now
    step = Step(action, row.status, to, account_id, now, note=note)
    async with change(context, account_id, conflict=STALE) as changes:
        fresh = await apply_transfer_step(changes.session, row.id, version, values, step)
        if fresh is None:
            raise Conflict(STALE, field="expectedVersion")
        if action is A.ACCEPT:
            await move_member(changes, fresh)
        elif action is A.COMPLETE:
            await leave_platform(changes, fresh, account_id)
        _record(changes, EventType.TRANSFER_STEPPED, fresh, action=action.value, by=actor.value)
    if action in (A.ACCEPT, A.COMPLETE):
        # the member's own account is bound elsewhere now, or (gone out) nowhere
        context.services.viewers.forget_all()
    return fresh
