"""Mobile members 流动党员: their branch's secretary (who may write members there) marks a
Party member mobile with where they are now, changes it, and clears it when they are back;
the member themself may change their own whereabouts once marked. Every step is a conditional
write on the record's version (`expectedVersion`; stale is CONFLICT), on the member's mobility
timeline, with the member's `isMobile` flag kept in step."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from db.base import utcnow
from db.events.types import EventType
from db.members.queries import MemberRecord
from db.mobility.models import MobilityAction, MobilityRow
from db.mobility.queries import WhereaboutsRecord
from db.mobility.whereabouts import (
    MobilityStep,
    Whereabouts,
    clear_mobile,
    current_whereabouts,
    mark_mobile,
    move_mobile,
    set_mobile_flag,
)
from db.records import record_of
from resolvers.access import Permission
from resolvers.changes import ChangeSet, change
from resolvers.context import Context
from resolvers.errors import BadUserInput, Conflict, Forbidden
from resolvers.mobility.common import (
    any_organization,
    clean_note,
    effective_day,
    require_party_member,
    visible_member,
)
from resolvers.mobility.reads import Mobility
from resolvers.validation import clean_text

STALE = (
    "The member's whereabouts changed since you loaded them; reload and apply your change again."
)
MARKED_MEANWHILE = "The member was marked mobile meanwhile; reload and apply your change again."


@dataclass(frozen=True, slots=True)
class WhereaboutsDraft:
    whereabouts: str
    organization_id: int | None = None
    organization_global_id: str | None = None
    since: date | None = None
    note: str | None = None
    expected_version: int | None = None


def _check_version(row: MobilityRow, expected: int | None) -> None:
    if expected is not None and row.version != expected:
        raise Conflict(
            f"The whereabouts changed since you loaded them (now version {row.version}, you had "
            f"{expected}); reload and apply your change again.",
            field="expectedVersion",
        )


def _record(changes: ChangeSet, member: MemberRecord, fields: list[str]) -> None:
    changes.record(
        EventType.MEMBER_UPDATED, member.id, at=member.org_path, changes={"fields": fields}
    )


async def set_whereabouts(
    context: Context, member_id: int, global_id: str, draft: WhereaboutsDraft
) -> Mobility:
    """Mark the member mobile with these whereabouts, or change them if they are already."""
    account_id = context.require_account()
    member = await visible_member(context, member_id, global_id)
    secretary = context.viewer.can(Permission.WRITE_MEMBERS, member.org_path)
    if not (secretary or context.viewer.is_member(member.id)):
        raise Forbidden(
            "Only the member's branch secretary, or the member for their own whereabouts, may "
            "record where a mobile member is."
        )
    require_party_member(member, "mobile members 流动党员")
    text = clean_text(draft.whereabouts, field="whereabouts", max_length=200)
    organization_id = None
    if draft.organization_id is not None:
        organization_id = (
            await any_organization(
                context,
                draft.organization_id,
                draft.organization_global_id or str(draft.organization_id),
                field="organizationId",
            )
        ).id
    where = Whereabouts(text, organization_id, effective_day(draft.since, field="since"))
    note = clean_note(draft.note)
    async with change(context, account_id, conflict=MARKED_MEANWHILE) as changes:
        session = changes.session
        row = await current_whereabouts(session, member.id)
        if row is None:
            if not secretary:
                raise Forbidden(
                    "Only your branch secretary may mark you a mobile member 流动党员; once "
                    "marked, you may keep your whereabouts up to date yourself."
                )
            step = MobilityStep(MobilityAction.MARKED, where.since, account_id, utcnow(), note)
            row = await mark_mobile(session, member.id, where, step)
            fresh = replace(member, is_mobile=True, version=member.version + 1)
        else:
            _check_version(row, draft.expected_version)
            step = MobilityStep(MobilityAction.MOVED, where.since, account_id, utcnow(), note)
            moved = await move_mobile(session, row, where, step)
            if moved is None:
                raise Conflict(STALE, field="expectedVersion")
            row, fresh = moved, member
            if not member.is_mobile:  # the flag was cleared apart (updateMember): set it again
                await set_mobile_flag(session, member.id, True, step.at)
                fresh = replace(member, is_mobile=True, version=member.version + 1)
        _record(changes, member, ["isMobile", "whereabouts"])
    return Mobility(fresh, record_of(WhereaboutsRecord, row))


async def clear_whereabouts(
    context: Context,
    member_id: int,
    global_id: str,
    on: date | None,
    note: str | None,
    expected_version: int | None,
) -> Mobility:
    """The member is back 返回: no longer mobile (their branch's secretary)."""
    member = await visible_member(context, member_id, global_id)
    account_id = context.require(
        Permission.WRITE_MEMBERS, member.org_path, action="clear a member's mobility"
    )
    step = MobilityStep(
        MobilityAction.CLEARED,
        effective_day(on, field="on"),
        account_id,
        utcnow(),
        clean_note(note),
    )
    async with change(context, account_id, conflict=STALE) as changes:
        row = await current_whereabouts(changes.session, member.id)
        if row is None:
            raise BadUserInput(
                "This member is not a mobile member; nothing to clear.", field="memberId"
            )
        _check_version(row, expected_version)
        if not await clear_mobile(changes.session, row, step):
            raise Conflict(STALE, field="expectedVersion")
        _record(changes, member, ["isMobile"])
    return Mobility(replace(member, is_mobile=False, version=member.version + 1), None)
