"""Who sees a volunteer and their hours: the volunteer themselves, and who may read volunteers
where their hours count. Subtree totals and rankings need READ_VOLUNTEERS there."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

from db.organizations.queries import OrganizationRecord
from db.pagination import Page, PageRequest, paginate
from db.volunteers.queries import (
    ENTRY_KEY,
    VOLUNTEER_KEY,
    HoursEntryRecord,
    VolunteerRecord,
    entry_list,
    minutes_by_day,
    ranking,
    subtree_minutes,
    volunteer_list,
    volunteer_minutes,
)
from resolvers.access import Permission
from resolvers.context import Context
from resolvers.errors import BadUserInput, not_found
from resolvers.organizations.reads import resolve_organization_by_id, resolve_scope_under
from resolvers.validation import clean_search

MAX_PERIOD_DAYS = 3660


def is_self(context: Context, row: VolunteerRecord) -> bool:
    return context.viewer.account_id is not None and row.account_id == context.viewer.account_id


def may_read_volunteer(context: Context, row: VolunteerRecord) -> bool:
    return is_self(context, row) or context.viewer.can(Permission.READ_VOLUNTEERS, row.org_path)


async def resolve_volunteer_by_id(context: Context, volunteer_id: int) -> VolunteerRecord | None:
    context.require_account()
    row = await context.loaders.volunteers.by_id.load(volunteer_id)
    return row if row is not None and may_read_volunteer(context, row) else None


async def resolve_my_volunteer(context: Context) -> VolunteerRecord | None:
    account_id = context.require_account()
    return await context.loaders.volunteers.by_account.load(account_id)


def check_period(since: date | None, until: date | None) -> None:
    if since is not None and until is not None:
        if until < since:
            raise BadUserInput("`until` must not be before `since`.", field="until")
        if (until - since).days > MAX_PERIOD_DAYS:
            raise BadUserInput("Ask for at most ten years at a time.", field="since")


async def resolve_volunteer_minutes(
    context: Context, row: VolunteerRecord, since: date | None, until: date | None
) -> int:
    check_period(since, until)
    if since is None and until is None:
        return row.total_minutes
    async with context.loaders.reads.read() as connection:
        return await volunteer_minutes(connection, row.id, since, until)


async def resolve_entries(
    context: Context,
    row: VolunteerRecord,
    since: date | None,
    until: date | None,
    request: PageRequest,
) -> tuple[Page[HoursEntryRecord], Callable[[], Awaitable[int]]]:
    check_period(since, until)
    query = entry_list(row.id, since, until)
    return await paginate(context.loaders.reads.read, query, ENTRY_KEY, request, HoursEntryRecord)


async def resolve_volunteers(
    context: Context,
    under: int | None,
    under_global_id: str | None,
    search: str | None,
    request: PageRequest,
) -> tuple[Page[VolunteerRecord], Callable[[], Awaitable[int]]]:
    context.viewer.require_anywhere(Permission.READ_VOLUNTEERS, what="volunteers")
    roots = await resolve_scope_under(
        context, Permission.READ_VOLUNTEERS, under, global_id=under_global_id
    )
    query = volunteer_list(roots, clean_search(search, field="search"))
    return await paginate(
        context.loaders.reads.read, query, VOLUNTEER_KEY, request, VolunteerRecord
    )


async def _subtree(context: Context, org_id: int, global_id: str) -> OrganizationRecord:
    node = await resolve_organization_by_id(context, org_id)
    if node is None or not context.viewer.can(Permission.READ_VOLUNTEERS, node.path):
        raise not_found("organization whose volunteers you may read", global_id, field="under")
    return node


async def resolve_subtree_hours(
    context: Context, org_id: int, global_id: str, since: date | None, until: date | None
) -> tuple[OrganizationRecord, int, int, list[tuple[date, int]]]:
    """(the organisation, minutes, entries, minutes by day when a period is given)."""
    check_period(since, until)
    node = await _subtree(context, org_id, global_id)
    async with context.loaders.reads.read() as connection:
        minutes, entries = await subtree_minutes(connection, node.id, since, until)
        days = (
            await minutes_by_day(connection, node.id, since, until)
            if since is not None and until is not None
            else []
        )
    return node, minutes, entries, days


async def resolve_ranking(
    context: Context,
    org_id: int,
    global_id: str,
    since: date | None,
    until: date | None,
    first: int,
) -> list[tuple[VolunteerRecord, int]]:
    check_period(since, until)
    if not 1 <= first <= 100:
        raise BadUserInput("`first` must be between 1 and 100.", field="first")
    node = await _subtree(context, org_id, global_id)
    async with context.loaders.reads.read() as connection:
        return await ranking(connection, node.path, since, until, first)
