"""Activities on the map 一张图: those running now, or held today, as GeoJSON points."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from db.activities.models import ActivityStatus
from db.activities.queries import (
    ActivityFilter,
    activity_list,
    first_activities,
)
from db.base import utcnow
from resolvers.activities.reads import ActivityCriteria, activity_scope, is_running, today_window
from resolvers.context import Context

MAX_FEATURES = 2000


async def resolve_activity_map(
    context: Context,
    under: int | None,
    under_global_id: str | None,
    today: bool,
    global_id: Callable[[int], str],
) -> dict[str, Any]:
    """Running now (or, with `today`, starting today China time, or running now) in scope."""
    roots, own = await activity_scope(
        context, ActivityCriteria(under=under, under_global_id=under_global_id)
    )
    now = utcnow()
    start, end = today_window(now)
    narrow = (
        ActivityFilter(statuses=(ActivityStatus.SCHEDULED,), starts_after=start, starts_before=end)
        if today
        else ActivityFilter(running_at=now)
    )
    async with context.loaders.reads.read() as connection:
        found = await first_activities(connection, activity_list(roots, own, narrow), MAX_FEATURES)
        if today:  # those started yesterday and still running count as today's too
            running = await first_activities(
                connection, activity_list(roots, own, ActivityFilter(running_at=now)), MAX_FEATURES
            )
            seen = {row.id for row in found}
            found += [row for row in running if row.id not in seen]
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": global_id(row.id),
                "geometry": {"type": "Point", "coordinates": [row.longitude, row.latitude]},
                "properties": {
                    "id": global_id(row.id),
                    "name": row.title,
                    "kind": row.kind.name,
                    "running": is_running(row, now),
                    "startsAt": row.starts_at.isoformat(),
                    "endsAt": row.ends_at.isoformat(),
                    "signedUp": row.signed_up,
                    "capacity": row.capacity,
                    "checkedIn": row.checked_in,
                    "address": row.address,
                },
            }
            for row in found
        ],
    }
