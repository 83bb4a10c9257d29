"""Check-in 签到 and check-out 签退, and the hours they credit.

Three ways in and out, each in the activity's window (CHECK_IN_OPENS before the start until the
end to check in; from check-in until CHECK_OUT_GRACE after the end to check out):
- the participant, from where they stand: within the activity's radius (haversine on WGS-84);
- a terminal of the station where it is held, with the participant's registration code;
- its staff (or its unit), for any participant, at any time after the check-in.

Check-out credits the minutes attended within the activity's time (a started minute counts
whole) to the participant's hours
ledger (once: the entry's idempotency key is the registration's), for activities that credit
hours, at the volunteer's home organisation (their residence community for 双报到 members).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from db.activities.models import AttendanceMethod, RegistrationRow
from db.activities.queries import (
    ActivityRecord,
    RegistrationRecord,
    registration_by_code,
    registrations_by_ids,
)
from db.activities.writes import check_in, check_out, give_feedback
from db.base import china_day, utcnow
from db.events.types import EventType
from db.presence.tallies import count_check_in
from db.stations.queries import station_of_device
from db.volunteers.ledger import append_entry
from db.volunteers.models import EntryKind
from resolvers.activities.reads import may_manage_activity, resolve_activity_by_id
from resolvers.changes import ChangeSet, change, recording
from resolvers.context import Context
from resolvers.errors import BadUserInput, Conflict, Forbidden, Unauthenticated, not_found
from resolvers.geo import haversine_meters
from resolvers.stations.telemetry_checks import hash_token
from resolvers.validation import check_coordinates, check_range, clean_text
from resolvers.volunteers.writes import credit

CHECK_IN_OPENS = timedelta(minutes=30)
CHECK_OUT_GRACE = timedelta(hours=2)


@dataclass(frozen=True, slots=True)
class Position:
    longitude: float
    latitude: float


def attended_minutes(starts_at: datetime, ends_at: datetime, start: datetime, end: datetime) -> int:
    """Minutes of [start, end] within the activity's time, a started minute counted whole (as
    a volunteer who came for 30 seconds came)."""
    seconds = (min(end, ends_at) - max(start, starts_at)).total_seconds()
    return max(0, math.ceil(seconds / 60))


def _in_window(activity: ActivityRecord, now: datetime, checking_in: bool) -> None:
    if checking_in and not activity.starts_at - CHECK_IN_OPENS <= now <= activity.ends_at:
        raise BadUserInput(
            "Check-in is open from 30 minutes before the start until the end.", field="activityId"
        )
    if not checking_in and now > activity.ends_at + CHECK_OUT_GRACE:
        raise BadUserInput(
            "Check-out closed 2 hours after the end; ask the organisers to check you out.",
            field="activityId",
        )


def _in_range(activity: ActivityRecord, position: Position | None) -> None:
    if position is None:
        raise BadUserInput(
            "Send where you are (`longitude`, `latitude`, WGS-84) to check in yourself.",
            field="longitude",
        )
    check_coordinates(position.longitude, position.latitude)
    meters = haversine_meters(
        position.longitude, position.latitude, activity.longitude, activity.latitude
    )
    if meters > activity.check_in_radius_meters:
        raise BadUserInput(
            f"You are about {meters:.0f} m from the activity; check in or out within "
            f"{activity.check_in_radius_meters} m of it.",
            field="longitude",
        )


async def _credit(
    changes: ChangeSet, activity: ActivityRecord, registration: RegistrationRow, context: Context
) -> None:
    if not activity.credits_hours or not registration.minutes:
        return
    volunteer = await context.loaders.volunteers.by_id.load(registration.volunteer_id)
    assert volunteer is not None, "every registration has its volunteer"
    values = credit(
        changes,
        volunteer,
        registration.minutes,
        china_day(activity.starts_at),
        key=f"attendance:{registration.id}",
        kind=EntryKind.ATTENDANCE,
        activity_id=activity.id,
        note=activity.title[:200],
    )
    await append_entry(changes.session, values)


async def _apply(
    changes: ChangeSet,
    context: Context,
    activity: ActivityRecord,
    registration: RegistrationRecord,
    method: AttendanceMethod,
    checking_in: bool,
) -> None:
    now = utcnow()
    if checking_in:
        if not await check_in(changes.session, registration.id, method, now):
            raise Conflict("Already checked in (or not confirmed for a seat).", field="activityId")
        # a party member's check-in is presence 在场 (through their volunteer record)
        await count_check_in(changes.session, registration.volunteer_id, now)
    else:
        if registration.checked_in_at is None:
            raise BadUserInput("Check in before checking out.", field="activityId")
        minutes = attended_minutes(
            activity.starts_at, activity.ends_at, registration.checked_in_at, now
        )
        done = await check_out(changes.session, registration.id, method, now, minutes)
        if done is None:
            raise Conflict("Already checked out.", field="activityId")
        await _credit(changes, activity, done, context)
    changes.record(
        EventType.ACTIVITY_ATTENDANCE,
        activity.id,
        at=activity.org_path,
        changes={"checkedIn": activity.checked_in + (1 if checking_in else 0), "in": checking_in},
    )


async def _own_registration(
    context: Context, activity_id: int, global_id: str
) -> tuple[ActivityRecord, RegistrationRecord]:
    activity = await resolve_activity_by_id(context, activity_id)
    if activity is None:
        raise not_found("activity", global_id, field="activityId")
    registration = await context.loaders.activities.mine.load(
        (context.require_account(), activity.id)
    )
    if registration is None:
        raise BadUserInput("You are not signed up for this activity.", field="activityId")
    return activity, registration


async def attend_self(
    context: Context,
    activity_id: int,
    global_id: str,
    position: Position | None,
    checking_in: bool,
) -> RegistrationRecord:
    """The participant checks in (or out) where they stand, in the window."""
    account_id = context.require_account()
    activity, registration = await _own_registration(context, activity_id, global_id)
    _in_window(activity, utcnow(), checking_in)
    _in_range(activity, position)
    async with change(
        context, account_id, conflict="Your attendance changed meanwhile."
    ) as changes:
        await _apply(changes, context, activity, registration, AttendanceMethod.SELF, checking_in)
    return await _fresh(context, registration.id)


async def attend_by_staff(
    context: Context, registration_id: int, global_id: str, checking_in: bool
) -> RegistrationRecord:
    """The organisers check a participant in or out (a forgotten check-out, say)."""
    account_id = context.require_account()
    registration = await context.loaders.activities.registration.load(registration_id)
    activity = (
        await resolve_activity_by_id(context, registration.activity_id) if registration else None
    )
    if registration is None or activity is None:
        raise not_found("registration", global_id, field="registrationId")
    if not may_manage_activity(context, activity):
        raise Forbidden("Only the activity's organisers may check participants in or out.")
    if checking_in:
        _in_window(activity, utcnow(), checking_in=True)
    async with change(context, account_id, conflict="The attendance changed meanwhile.") as changes:
        await _apply(changes, context, activity, registration, AttendanceMethod.STAFF, checking_in)
    return await _fresh(context, registration.id)


async def attend_by_device(
    context: Context, device_token: str, code: str, checking_in: bool
) -> RegistrationRecord:
    """A terminal of the station where the activity is held checks a participant in or out by
    the code of their registration; the device's token is its credential."""
    database = context.services.database
    async with database.read() as connection:
        station_id = await station_of_device(connection, hash_token(device_token.strip()))
        if station_id is None:
            raise Unauthenticated("The device token is unknown; configure the device again.")
        registration = await registration_by_code(connection, code.strip().upper())
    activity = (
        await context.loaders.activities.by_id.load(registration.activity_id)
        if registration
        else None
    )
    if registration is None or activity is None or activity.station_id != station_id:
        raise BadUserInput(
            "No registration with this code for an activity held at this station.", field="code"
        )
    _in_window(activity, utcnow(), checking_in)
    async with recording(database, context.services.hub.publish) as changes:
        await _apply(changes, context, activity, registration, AttendanceMethod.DEVICE, checking_in)
    return await _fresh(context, registration.id)


async def _fresh(context: Context, registration_id: int) -> RegistrationRecord:
    """The registration as just written (not the request's cached read of it)."""
    async with context.services.database.read() as connection:
        found = await registrations_by_ids(connection, [registration_id])
    return found[registration_id]


async def rate_activity(
    context: Context, activity_id: int, global_id: str, score: int, comment: str | None
) -> RegistrationRecord:
    """The participant's feedback score 评价 (1-5), once, after attending."""
    account_id = context.require_account()
    _activity, registration = await _own_registration(context, activity_id, global_id)
    check_range(score, field="score", low=1, high=5, what="(1 poor … 5 excellent)")
    if registration.checked_in_at is None:
        raise BadUserInput("Rate an activity you attended (checked in).", field="activityId")
    text = clean_text(comment or "", field="comment", max_length=500, required=False) or None
    async with change(context, account_id, conflict="rated meanwhile") as changes:
        if await give_feedback(changes.session, registration.id, score, text) is None:
            raise Conflict("You rated this activity already.", field="activityId")
    return await _fresh(context, registration.id)
