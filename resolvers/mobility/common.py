"""What the writes of members elsewhere share: the member acted on, the day a step takes
effect, and the rule that only Party members are mobile or registered."""

from __future__ import annotations

from datetime import date

from db.base import china_day, utcnow
from db.members.queries import MemberRecord
from db.organizations.queries import OrganizationRecord
from resolvers.context import Context
from resolvers.errors import BadUserInput, not_found
from resolvers.members.reads import resolve_member_by_id
from resolvers.validation import clean_text


async def visible_member(context: Context, member_id: int, global_id: str) -> MemberRecord:
    member = await resolve_member_by_id(context, member_id)
    if member is None:
        raise not_found("member", global_id, field="memberId")
    return member


def require_party_member(member: MemberRecord, what: str) -> None:
    if not member.status.is_party_member:
        raise BadUserInput(
            f"Only Party members (probationary or full) can be {what}; this person is "
            f"{member.status.value.replace('_', ' ')}.",
            field="memberId",
        )


def effective_day(day: date | None, *, field: str) -> date:
    """The day a step takes effect: today (China time) unless given; never in the future."""
    today = china_day(utcnow())
    if day is None:
        return today
    if day > today:
        raise BadUserInput(f"`{field}` must not be after today ({today.isoformat()}).", field=field)
    return day


def clean_note(note: str | None, *, field: str = "note") -> str | None:
    if note is None:
        return None
    return clean_text(note, field=field, max_length=200, required=False) or None


async def any_organization(
    context: Context, organization_id: int, global_id: str, *, field: str
) -> OrganizationRecord:
    """An organisation anywhere in the city, by ID (a member may name where they are, or the
    community they live in, outside every scope they hold: names of organisations are
    public)."""
    found = await context.loaders.organizations.by_id.load(organization_id)
    if found is None:
        raise not_found("organization", global_id, field=field)
    return found
