"""Signing up 报名 and cancelling: a seat while there is one, else the end of the waiting list
候补; a cancelled seat goes to the first waiting. Sign-ups stay open until the activity ends
(people join a running activity while a seat is free); cancellations close at its start.

Each sign-up or cancellation runs under the activity's row lock (db/activities/writes.py), so
concurrent sign-ups never exceed the capacity and the queue moves in order.
"""

from __future__ import annotations

import secrets

from db.activities.models import RegistrationRow, RegistrationStatus
from db.activities.queries import ActivityRecord
from db.activities.writes import cancel, lock_activity, registration_of, sign_up
from db.base import utcnow
from db.events.types import EventType
from resolvers.access import Permission
from resolvers.activities.reads import reaches, resolve_activity_by_id
from resolvers.changes import ChangeSet, change
from resolvers.context import Context
from resolvers.errors import BadUserInput, Conflict, Forbidden, not_found
from resolvers.volunteers.writes import ensure_volunteer

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud at a terminal


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


async def _activity(context: Context, activity_id: int, global_id: str) -> ActivityRecord:
    row = await resolve_activity_by_id(context, activity_id)
    if row is None:
        raise not_found("activity", global_id)
    return row


def _closed(what: str) -> BadUserInput:
    return BadUserInput(f"{what} closed when the activity started.", field="id")


def _record_counts(changes: ChangeSet, activity_id: int, at: str, counts: dict[str, int]) -> None:
    changes.record(EventType.ACTIVITY_SIGN_UPS_CHANGED, activity_id, at=at, changes=counts)


async def sign_up_for(context: Context, activity_id: int, global_id: str) -> RegistrationRow:
    """The viewer's registration: confirmed or waitlisted; signing up again changes nothing."""
    account_id = context.require_account()
    row = await _activity(context, activity_id, global_id)
    if not reaches(context.viewer, Permission.JOIN_ACTIVITIES, row.org_path):
        raise Forbidden("Your roles do not let you sign up for activities here.")
    volunteer = await ensure_volunteer(context)
    async with change(context, account_id, conflict="You signed up meanwhile.") as changes:
        now = utcnow()
        activity = await lock_activity(changes.session, row.id, now)
        if activity is None:
            raise Conflict("The activity was cancelled; it takes no sign-ups.", field="id")
        if now >= activity.ends_at:
            raise BadUserInput("The activity is over; it takes no more sign-ups.", field="id")
        existing = await registration_of(changes.session, row.id, account_id)
        if existing is not None and existing.status is not RegistrationStatus.CANCELLED:
            return existing  # already in: nothing more
        values = {
            "activity_id": row.id,
            "account_id": account_id,
            "volunteer_id": volunteer.id,
            "code": new_code(),
        }
        registration = await sign_up(changes.session, activity, existing, values, now)
        _record_counts(
            changes,
            row.id,
            row.org_path,
            {
                "signedUp": activity.signed_up,
                "waitlisted": activity.waitlisted,
                "capacity": activity.capacity,
            },
        )
    return registration


async def cancel_sign_up(context: Context, activity_id: int, global_id: str) -> RegistrationRow:
    """Cancel the viewer's registration before the start; a freed seat goes to the first on the
    waiting list."""
    account_id = context.require_account()
    row = await _activity(context, activity_id, global_id)
    async with change(
        context, account_id, conflict="Your registration changed meanwhile."
    ) as changes:
        now = utcnow()
        activity = await lock_activity(changes.session, row.id, now)
        if activity is None:
            raise Conflict("The activity was cancelled; there is nothing to cancel.", field="id")
        if now >= activity.starts_at:
            raise _closed("Cancellation")
        registration = await registration_of(changes.session, row.id, account_id)
        if registration is None or registration.status is RegistrationStatus.CANCELLED:
            raise BadUserInput("You are not signed up for this activity.", field="id")
        promoted = await cancel(changes.session, activity, registration, now)
        _record_counts(
            changes,
            row.id,
            row.org_path,
            {
                "signedUp": activity.signed_up,
                "waitlisted": activity.waitlisted,
                "capacity": activity.capacity,
                "promoted": promoted is not None,
            },
        )
    return registration
