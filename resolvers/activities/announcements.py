"""Announcing activities as they start and end (ACTIVITY_STARTED, ACTIVITY_ENDED), each once
however many instances look: the announcement is claimed by a conditional UPDATE in the same
transaction as its event (run by jobs/activities.py)."""

from __future__ import annotations

from db.activities.writes import claim_announcement, due_announcements
from db.base import utcnow
from db.events.types import EventType
from resolvers.changes import recording
from resolvers.context import Services

BATCH = 200


async def announce_due(services: Services) -> int:
    """Announce every start and end that has come; how many were announced by this call."""
    now = utcnow()
    async with services.database.session() as session:
        due = await due_announcements(session, now, BATCH)
    announced = 0
    for activity_id, what in due:
        async with recording(services.database, services.hub.publish) as changes:
            row = await claim_announcement(changes.session, activity_id, what, now)
            if row is None:
                continue
            changes.record(
                EventType.ACTIVITY_STARTED if what == "started" else EventType.ACTIVITY_ENDED,
                row.id,
                at=row.org_path,
                changes={"signedUp": row.signed_up, "checkedIn": row.checked_in},
            )
            announced += 1
    return announced
