"""Who sees an activity: those who may read activities where it is held, those below it (an
activity of a street is open to the street's communities), and its unit's own accounts.

An activity runs from `startsAt` to `endsAt`; `running` is derived from the clock, so a map
shows an activity while it runs whether or not its start was announced yet.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from db.activities.models import ActivityStatus, RegistrationStatus
from db.activities.queries import (
    ACTIVITY_KEY,
    REGISTRATION_KEY,
    ActivityFilter,
    ActivityRecord,
    RegistrationRecord,
    activity_list,
    count_activities,
    registration_list,
)
from db.base import CHINA_STANDARD_TIME, utcnow
from db.pagination import Page, PageRequest, paginate
from db.paths import is_within
from resolvers.access import Permission, Viewer
from resolvers.context import Context
from resolvers.errors import Forbidden
from resolvers.organizations.reads import resolve_scope_under
from resolvers.units.reads import is_own_unit


def reaches(viewer: Viewer, permission: Permission, path: str) -> bool:
    """`permission` at `path`, or at a node below it (a street's activity is for its people)."""
    return viewer.can(permission, path) or any(
        is_within(root, path) for root in viewer.paths_for(permission)
    )


def may_read_activity(context: Context, row: ActivityRecord) -> bool:
    return (row.unit_id is not None and is_own_unit(context, row.unit_id)) or reaches(
        context.viewer, Permission.READ_ACTIVITIES, row.org_path
    )


def may_manage_activity(context: Context, row: ActivityRecord) -> bool:
    """Staff where it is held, or its unit's own accounts."""
    return context.viewer.can(Permission.MANAGE_ACTIVITIES, row.org_path) or (
        row.unit_id is not None and is_own_unit(context, row.unit_id)
    )


async def resolve_activity_by_id(context: Context, activity_id: int) -> ActivityRecord | None:
    context.require_account()
    row = await context.loaders.activities.by_id.load(activity_id)
    return row if row is not None and may_read_activity(context, row) else None


def is_running(row: ActivityRecord, now: datetime) -> bool:
    return row.status is ActivityStatus.SCHEDULED and row.starts_at <= now < row.ends_at


async def resolve_my_registration(
    context: Context, row: ActivityRecord
) -> RegistrationRecord | None:
    account_id = context.viewer.account_id
    if account_id is None:
        return None
    return await context.loaders.activities.mine.load((account_id, row.id))


@dataclass(frozen=True, slots=True)
class ActivityCriteria:
    under: int | None = None
    under_global_id: str | None = None
    narrow: ActivityFilter = field(default_factory=ActivityFilter)


async def activity_scope(
    context: Context, criteria: ActivityCriteria
) -> tuple[list[str], int | None]:
    roots = await resolve_scope_under(
        context, Permission.READ_ACTIVITIES, criteria.under, global_id=criteria.under_global_id
    )
    return roots, context.viewer.unit_id if criteria.under is None else None


async def resolve_activities(
    context: Context, criteria: ActivityCriteria, request: PageRequest
) -> tuple[Page[ActivityRecord], Callable[[], Awaitable[int]]]:
    roots, own = await activity_scope(context, criteria)
    query = activity_list(roots, own, criteria.narrow)
    return await paginate(context.loaders.reads.read, query, ACTIVITY_KEY, request, ActivityRecord)


async def resolve_registrations(
    context: Context,
    row: ActivityRecord,
    statuses: Sequence[RegistrationStatus],
    request: PageRequest,
) -> tuple[Page[RegistrationRecord], Callable[[], Awaitable[int]]]:
    """The participants list: for the activity's staff and its unit only."""
    if not may_manage_activity(context, row):
        raise Forbidden("Only the activity's organisers may list its participants.")
    query = registration_list(row.id, statuses)
    return await paginate(
        context.loaders.reads.read, query, REGISTRATION_KEY, request, RegistrationRecord
    )


@dataclass(frozen=True, slots=True)
class ActivityFigures:
    running_now: int
    today: int
    signed_up_today: int


def today_window(now: datetime) -> tuple[datetime, datetime]:
    local = now.astimezone(CHINA_STANDARD_TIME)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=1)


async def resolve_activity_figures(
    context: Context, under: int | None, global_id: str | None
) -> ActivityFigures:
    """Activities running now and held today (China time) in the subtree 活动进行中/今日活动."""
    roots = await resolve_scope_under(
        context, Permission.READ_ACTIVITIES, under, global_id=global_id
    )
    if not roots:
        raise Forbidden("None of your roles may read activities here.")
    now = utcnow()
    start, end = today_window(now)
    async with context.loaders.reads.read() as connection:
        running, today, signed_up = await count_activities(connection, roots, start, end, now)
    return ActivityFigures(running, today, signed_up)
