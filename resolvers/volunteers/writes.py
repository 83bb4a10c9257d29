"""Registering volunteers, the member link that makes hours count where a member lives
(双报到), and staff corrections to the hours ledger (new entries, or exact reversals)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from db.base import china_day, utcnow
from db.events.types import EventType
from db.presence.tallies import move_check_ins, volunteer_member
from db.volunteers.ledger import append_entry, find_entry
from db.volunteers.models import EntryKind, HoursEntryRow, VolunteerRow
from db.volunteers.queries import VolunteerRecord
from db.volunteers.writes import change_volunteer, insert_volunteer, volunteer_of_account
from resolvers.access import Permission
from resolvers.changes import ChangeSet, change
from resolvers.context import Context
from resolvers.errors import BadUserInput, Conflict, Forbidden, not_found
from resolvers.members.reads import resolve_member_by_id
from resolvers.validation import check_range, clean_idempotency_key, clean_text
from resolvers.volunteers.reads import resolve_volunteer_by_id

MAX_SKILLS = 20
MAX_CORRECTION_MINUTES = 24 * 60 * 31


def _skills(skills: Sequence[str]) -> list[str]:
    if len(skills) > MAX_SKILLS:
        raise BadUserInput(f"List at most {MAX_SKILLS} skills.", field="skills")
    cleaned = [clean_text(skill, field="skills", max_length=20) for skill in skills]
    return sorted(set(cleaned))


def _home(context: Context) -> tuple[int, str]:
    """Where a self-registered volunteer's hours count: the outermost organisation where the
    account may take part in activities (a resident's community)."""
    for binding in context.viewer.bindings:
        if Permission.JOIN_ACTIVITIES in binding.permissions:
            return binding.organization_id, binding.path
    raise Forbidden(
        "Your account is bound to no organisation where it may take part in activities; ask "
        "your community to bind it as a resident."
    )


async def register_volunteer(
    context: Context, skills: Sequence[str], availability: str | None
) -> VolunteerRow:
    """Register the signed-in account as a volunteer (once; again updates skills and
    availability)."""
    account_id = context.require_account()
    values: dict[str, Any] = {
        "skills": _skills(skills),
        "availability": clean_text(
            availability or "", field="availability", max_length=200, required=False
        )
        or None,
    }
    existing = await context.loaders.volunteers.by_account.load(account_id)
    if existing is not None:
        async with change(context, account_id, conflict="changed meanwhile") as changes:
            row = await change_volunteer(changes.session, existing.id, values)
            changes.record(
                EventType.VOLUNTEER_CHANGED, row.id, at=row.org_path, changes={"skills": True}
            )
        return row
    return await _insert(context, account_id, values)


async def ensure_volunteer(context: Context) -> VolunteerRecord | VolunteerRow:
    """The account's volunteer record, registering it with no skills on its first sign-up."""
    account_id = context.require_account()
    existing = await context.loaders.volunteers.by_account.load(account_id)
    if existing is not None:
        return existing
    return await _insert(context, account_id, {"skills": [], "availability": None})


async def _insert(context: Context, account_id: int, values: dict[str, Any]) -> VolunteerRow:
    organization_id, path = _home(context)
    values |= {
        "account_id": account_id,
        "name": context.viewer.display_name or context.viewer.username or "",
        "organization_id": organization_id,
        "org_path": path,
        "total_minutes": 0,
    }
    try:
        async with change(context, account_id, conflict="registered meanwhile") as changes:
            row = await insert_volunteer(changes.session, values)
            changes.record(
                EventType.VOLUNTEER_REGISTERED, row.id, at=path, changes={"volunteerId": row.id}
            )
    except Conflict:  # a concurrent first sign-up of the same account registered it
        async with context.services.database.session() as session:
            found = await volunteer_of_account(session, account_id)
        if found is None:
            raise
        return found
    return row


async def link_member(
    context: Context,
    volunteer_id: int,
    volunteer_global_id: str,
    member_id: int,
    member_global_id: str,
) -> VolunteerRow:
    """Link a volunteer to their party-member record: from now on their hours count for the
    member's residence community (双报到), or their branch when no residence is known."""
    volunteer = await resolve_volunteer_by_id(context, volunteer_id)
    if volunteer is None:
        raise not_found("volunteer", volunteer_global_id, field="volunteerId")
    account_id = context.require(
        Permission.MANAGE_VOLUNTEERS, volunteer.org_path, action="link volunteers to members"
    )
    member = await resolve_member_by_id(context, member_id)
    if member is None:
        raise not_found("member", member_global_id, field="memberId")
    home_id = member.residence_community_id or member.branch_id
    home = await context.loaders.organizations.by_id.load(home_id)
    assert home is not None, "a member's branch and residence exist"
    values = {"member_id": member.id, "organization_id": home.id, "org_path": home.path}
    async with change(
        context, account_id, conflict="That member is linked to another volunteer already."
    ) as changes:
        linked_before = await volunteer_member(changes.session, volunteer.id)
        row = await change_volunteer(changes.session, volunteer.id, values)
        # their activity check-ins so far count as the member's presence 在场 from now on
        await move_check_ins(changes.session, volunteer.id, linked_before, member.id)
        changes.record(
            EventType.VOLUNTEER_CHANGED,
            row.id,
            at=home.path,
            changes={"organizationId": home.id},
            also_at=[volunteer.org_path],
        )
    return row


def credit(
    changes: ChangeSet,
    volunteer: VolunteerRecord | VolunteerRow,
    minutes: int,
    day: date,
    *,
    key: str,
    kind: EntryKind,
    activity_id: int | None = None,
    reverses: int | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """The values of a ledger entry for the volunteer's home organisation, and its event."""
    changes.record(
        EventType.HOURS_RECORDED,
        volunteer.id,
        at=volunteer.org_path,
        changes={"minutes": minutes, "kind": kind.value, "day": day.isoformat()},
    )
    return {
        "volunteer_id": volunteer.id,
        "organization_id": volunteer.organization_id,
        "org_path": volunteer.org_path,
        "day": day,
        "minutes": minutes,
        "kind": kind,
        "activity_id": activity_id,
        "reverses_entry_id": reverses,
        "idempotency_key": key,
        "note": note,
        "created_by_account_id": changes.account_id,
    }


async def _ledger_write(
    context: Context, account_id: int, key: str, write: Callable[[ChangeSet], dict[str, Any]]
) -> HoursEntryRow:
    """One entry, idempotent by key: a retry answers with the entry first written."""
    async with context.services.database.session() as session:
        earlier = await find_entry(session, key)
    if earlier is not None:
        return earlier
    try:
        async with change(context, account_id, conflict="ledger") as changes:
            return await append_entry(changes.session, write(changes))
    except Conflict:
        async with context.services.database.session() as session:
            earlier = await find_entry(session, key)
        if earlier is None:
            raise Conflict(
                "That entry was reversed already; a reversal cancels an entry once.",
                field="entryId",
            ) from None
        return earlier


async def correct_hours(
    context: Context,
    volunteer_id: int,
    global_id: str,
    minutes: int,
    day: date,
    note: str,
    idempotency_key: str,
) -> HoursEntryRow:
    """A correction entry (positive or negative minutes), by who manages volunteers there."""
    volunteer = await resolve_volunteer_by_id(context, volunteer_id)
    if volunteer is None:
        raise not_found("volunteer", global_id, field="volunteerId")
    account_id = context.require(
        Permission.MANAGE_VOLUNTEERS, volunteer.org_path, action="correct volunteer hours"
    )
    if minutes == 0:
        raise BadUserInput("`minutes` must not be 0.", field="minutes")
    check_range(
        abs(minutes), field="minutes", low=1, high=MAX_CORRECTION_MINUTES, what="minutes either way"
    )
    if day > china_day(utcnow()):
        raise BadUserInput("`day` must not be in the future.", field="day")
    text = clean_text(note, field="note", max_length=200)
    key = clean_idempotency_key(idempotency_key)
    assert key is not None
    ledger_key = f"correction:{account_id}:{key}"
    return await _ledger_write(
        context,
        account_id,
        ledger_key,
        lambda changes: credit(
            changes, volunteer, minutes, day, key=ledger_key, kind=EntryKind.CORRECTION, note=text
        ),
    )


async def reverse_entry(
    context: Context, entry_id: int, global_id: str, note: str
) -> HoursEntryRow:
    """An exact reversal of an entry (its minutes negated, same day and place), once."""
    account_id = context.require_account()
    entry = await context.loaders.volunteers.entry.load(entry_id)
    volunteer = (
        await resolve_volunteer_by_id(context, entry.volunteer_id) if entry is not None else None
    )
    if entry is None or volunteer is None:
        raise not_found("hours entry", global_id, field="entryId")
    context.require(Permission.MANAGE_VOLUNTEERS, entry.org_path, action="reverse hours entries")
    if entry.kind is EntryKind.REVERSAL:
        raise BadUserInput(
            "A reversal cannot be reversed; add a correction instead.", field="entryId"
        )
    text = clean_text(note, field="note", max_length=200)
    ledger_key = f"reversal:{entry.id}"

    def write(changes: ChangeSet) -> dict[str, Any]:
        values = credit(
            changes,
            volunteer,
            -entry.minutes,
            entry.day,
            key=ledger_key,
            kind=EntryKind.REVERSAL,
            activity_id=entry.activity_id,
            reverses=entry.id,
            note=text,
        )
        # the reversal cancels where the entry counted (its path follows tree moves)
        return values | {"organization_id": entry.organization_id, "org_path": entry.org_path}

    return await _ledger_write(context, account_id, ledger_key, write)
