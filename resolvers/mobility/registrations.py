"""双报到: a Party member whose relation is in their own branch registers with the community
they live in (by default their residence community), and the registration ends. The member, or
who may write members where their branch is, registers; either of them, or who may write
members where the community is, ends it. A member has at most one active registration; the
community lists them as registered, never as its own members (its figures do not change).
Every step is on the registration's timeline."""

from __future__ import annotations

from datetime import date

from db.base import utcnow
from db.events.types import EventType
from db.mobility.queries import ListedRegistration, RegistrationRecord
from db.mobility.registrations import (
    RegistrationStep,
    active_registration,
    end_registration,
    get_registration,
    register,
)
from db.organizations.models import GovernanceLevel
from db.paths import is_within
from db.records import record_of
from resolvers.access import Permission
from resolvers.changes import change
from resolvers.context import Context
from resolvers.errors import BadUserInput, Conflict, Forbidden, not_found
from resolvers.mobility.common import (
    any_organization,
    clean_note,
    effective_day,
    require_party_member,
    visible_member,
)
from resolvers.mobility.reads import resolve_registration_by_id
from resolvers.validation import clean_text

REGISTERED_ALREADY = (
    "The member is registered with a community already; end that registration "
    "(endCommunityRegistration) before registering with another."
)
STALE = "The registration changed since you loaded it; reload it and try again."


async def register_with_community(
    context: Context,
    member_id: int,
    member_global_id: str,
    community_id: int | None,
    community_global_id: str | None,
    on: date | None,
    note: str | None,
) -> ListedRegistration:
    account_id = context.require_account()
    member = await visible_member(context, member_id, member_global_id)
    if not context.viewer.acts_for_member(Permission.WRITE_MEMBERS, member.id, member.org_path):
        raise Forbidden(
            "Only the member themself, or their branch secretary, may register them with a "
            "community 双报到."
        )
    require_party_member(member, "registered with a community 双报到")
    chosen = community_id or member.residence_community_id
    if chosen is None:
        raise BadUserInput(
            "Name the community (`communityId`): the member has no residence community on record.",
            field="communityId",
        )
    community = await any_organization(
        context, chosen, community_global_id or str(chosen), field="communityId"
    )
    if community.level is not GovernanceLevel.COMMUNITY:
        raise BadUserInput(
            f"{community.name} is not a community; `communityId` must name the community 社区 the "
            "member lives in.",
            field="communityId",
        )
    if is_within(member.org_path, community.path):
        raise BadUserInput(
            f"{community.name} holds the member's own branch: they are its member already. "
            "双报到 is for members whose relation is elsewhere.",
            field="communityId",
        )
    step = RegistrationStep(effective_day(on, field="on"), account_id, utcnow(), clean_note(note))
    async with change(context, account_id, conflict=REGISTERED_ALREADY) as changes:
        if await active_registration(changes.session, member.id) is not None:
            raise Conflict(REGISTERED_ALREADY, field="memberId")
        row = await register(changes.session, member.id, community.id, community.path, step)
        changes.record(
            EventType.MEMBER_UPDATED,
            member.id,
            at=member.org_path,
            changes={"fields": ["communityRegistration"]},
            also_at=[community.path],
        )
    return ListedRegistration(record_of(RegistrationRecord, row), member, row.id)


async def end_community_registration(
    context: Context,
    registration_id: int,
    global_id: str,
    reason: str,
    on: date | None,
    expected_version: int | None,
) -> ListedRegistration:
    account_id = context.require_account()
    listed = await resolve_registration_by_id(context, registration_id)
    if listed is None:
        raise not_found("community registration", global_id)
    member, registration = listed.member, listed.registration
    viewer = context.viewer
    if not (
        viewer.acts_for_member(Permission.WRITE_MEMBERS, member.id, member.org_path)
        or viewer.can(Permission.WRITE_MEMBERS, registration.community_path)
    ):
        raise Forbidden(
            "Only the member, their branch secretary or the community's secretary may end a "
            "registration 双报到."
        )
    text = clean_text(reason, field="reason", max_length=200)
    day = effective_day(on, field="on")
    if day < registration.registered_on:
        raise BadUserInput(
            f"`on` must not be before the registration ({registration.registered_on.isoformat()}).",
            field="on",
        )
    step = RegistrationStep(day, account_id, utcnow(), text)
    async with change(context, account_id, conflict=STALE) as changes:
        row = await get_registration(changes.session, registration.id)
        assert row is not None, "registrations are never deleted"
        if not row.active:
            raise BadUserInput(
                f"This registration ended on {row.ended_on}; nothing to end.", field="id"
            )
        if expected_version is not None and row.version != expected_version:
            raise Conflict(STALE, field="expectedVersion")
        ended = await end_registration(changes.session, row, text, step)
        if ended is None:
            raise Conflict(STALE, field="expectedVersion")
        changes.record(
            EventType.MEMBER_UPDATED,
            member.id,
            at=member.org_path,
            changes={"fields": ["communityRegistration"]},
            also_at=[registration.community_path],
        )
    return ListedRegistration(record_of(RegistrationRecord, ended), member, ended.id)
