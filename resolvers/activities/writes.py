"""Publishing and cancelling activities: by staff of the organisation they are held for, or by
a co-building unit for a community it serves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from db.activities.models import (
    LONGEST_ACTIVITY,
    ActivityAudience,
    ActivityKind,
    ActivityRow,
    ActivityStatus,
)
from db.activities.writes import cancel_activity, insert_activity
from db.base import utcnow
from db.events.types import EventType
from resolvers.access import Permission
from resolvers.activities.reads import may_manage_activity, resolve_activity_by_id
from resolvers.changes import change
from resolvers.context import Context
from resolvers.errors import BadUserInput, Conflict, Forbidden, not_found
from resolvers.organizations.reads import resolve_organization_by_id
from resolvers.stations.reads import resolve_station_by_id
from resolvers.validation import check_coordinates, check_range, clean_text

DEFAULT_RADIUS_METERS = 300
# Kinds whose attendance is volunteering: their hours are credited unless said otherwise.
CREDITING_KINDS = frozenset({ActivityKind.VOLUNTEER_SERVICE})


@dataclass(frozen=True, slots=True)
class ActivityDraft:
    organization_id: int
    organization_global_id: str
    title: str
    kind: ActivityKind
    description: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    audience: ActivityAudience = ActivityAudience.EVERYONE
    station_id: int | None = None
    station_global_id: str | None = None
    address: str | None = None
    longitude: float | None = None
    latitude: float | None = None
    for_unit: bool = False
    credits_hours: bool | None = None
    check_in_radius_meters: int = DEFAULT_RADIUS_METERS


async def _place(context: Context, draft: ActivityDraft) -> tuple[int | None, str, float, float]:
    """(station id, address, longitude, latitude): a station's, or a point given."""
    if draft.station_id is not None:
        station = await resolve_station_by_id(context, draft.station_id)
        if station is None:
            raise not_found("station", draft.station_global_id or "", field="stationId")
        address = draft.address or f"{station.name}（{station.address}）"
        return station.id, address, station.longitude, station.latitude
    if draft.longitude is None or draft.latitude is None:
        raise BadUserInput(
            "Say where: a `stationId`, or `longitude` and `latitude` (WGS-84) with an `address`.",
            field="stationId",
        )
    check_coordinates(draft.longitude, draft.latitude)
    if not draft.address:
        raise BadUserInput("`address` is needed with a point.", field="address")
    return None, draft.address, draft.longitude, draft.latitude


async def create_activity(context: Context, draft: ActivityDraft) -> ActivityRow:
    account_id = context.require_account()
    host = await resolve_organization_by_id(context, draft.organization_id)
    unit_id: int | None = None
    if draft.for_unit:
        unit_id = context.viewer.unit_id
        if host is None:
            raise not_found("organization", draft.organization_global_id, field="organizationId")
        if unit_id is None or not context.viewer.can(
            Permission.ORGANIZE_UNIT_ACTIVITIES, host.path
        ):
            raise Forbidden(
                "Only a co-building unit may organise its own activities, in a community it "
                "serves under an agreement in force."
            )
    else:
        if host is None:
            raise not_found("organization", draft.organization_global_id, field="organizationId")
        context.require(Permission.MANAGE_ACTIVITIES, host.path, action="publish activities")
    now = utcnow()
    if draft.ends_at <= draft.starts_at:
        raise BadUserInput("`endsAt` must be after `startsAt`.", field="endsAt")
    if draft.ends_at - draft.starts_at > LONGEST_ACTIVITY:
        raise BadUserInput("An activity lasts at most 7 days; publish several.", field="endsAt")
    if draft.ends_at < now:
        raise BadUserInput("The activity would be over already; check `endsAt`.", field="endsAt")
    check_range(draft.capacity, field="capacity", low=1, high=10_000, what="people")
    check_range(
        draft.check_in_radius_meters, field="checkInRadiusMeters", low=20, high=5000, what="metres"
    )
    station_id, address, longitude, latitude = await _place(context, draft)
    values = {
        "title": clean_text(draft.title, field="title", max_length=100),
        "kind": draft.kind,
        "description": clean_text(draft.description, field="description", max_length=2000),
        "organization_id": host.id,
        "org_path": host.path,
        "unit_id": unit_id,
        "station_id": station_id,
        "address": clean_text(address, field="address", max_length=200),
        "longitude": longitude,
        "latitude": latitude,
        "starts_at": draft.starts_at,
        "ends_at": draft.ends_at,
        "capacity": draft.capacity,
        "audience": draft.audience,
        "credits_hours": draft.kind in CREDITING_KINDS
        if draft.credits_hours is None
        else draft.credits_hours,
        "check_in_radius_meters": draft.check_in_radius_meters,
        "status": ActivityStatus.SCHEDULED,
        "signed_up": 0,
        "waitlisted": 0,
        "checked_in": 0,
        "feedback_count": 0,
        "feedback_sum": 0,
        "version": 1,
        "created_by_account_id": account_id,
        "created_at": now,
        "updated_at": now,
    }
    async with change(context, account_id, conflict="The activity changed meanwhile.") as changes:
        row = await insert_activity(changes.session, values)
        changes.record(
            EventType.ACTIVITY_CREATED,
            row.id,
            at=row.org_path,
            changes={
                "kind": row.kind.value,
                "startsAt": row.starts_at.isoformat(),
                "endsAt": row.ends_at.isoformat(),
                "capacity": row.capacity,
            },
        )
    return row


async def cancel(
    context: Context, activity_id: int, global_id: str, expected_version: int | None
) -> ActivityRow:
    row = await resolve_activity_by_id(context, activity_id)
    if row is None:
        raise not_found("activity", global_id)
    account_id = context.require_account()
    if not may_manage_activity(context, row):
        raise Forbidden("Only the activity's organisers may cancel it.")
    version = expected_version if expected_version is not None else row.version
    async with change(context, account_id, conflict="The activity changed meanwhile.") as changes:
        fresh = await cancel_activity(changes.session, row.id, version, utcnow())
        if fresh is None:
            raise Conflict(
                "The activity changed meanwhile, or is cancelled already; reload it.", field="id"
            )
        changes.record(
            EventType.ACTIVITY_CANCELLED,
            row.id,
            at=row.org_path,
            changes={"version": fresh.version},
        )
    return fresh
