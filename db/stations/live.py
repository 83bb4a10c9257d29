"""Stations with their live rows: read for the simulator, and locked for an ingest."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from db.paths import within_any
from db.stations.models import StationLiveRow, StationRow


async def stations_with_live(
    session: AsyncSession,
    *,
    under: Sequence[str] | None = None,
) -> list[tuple[StationRow, StationLiveRow]]:
    """Stations (of the subtrees `under`, or all) with their live rows, in id order."""
    query = (
        select(StationRow, StationLiveRow)
        .join(StationLiveRow, StationLiveRow.station_id == StationRow.id)
        .order_by(StationRow.id)
    )
    if under is not None:
        query = query.where(within_any(StationRow.org_path, under))
    return [(station, live) for station, live in (await session.execute(query)).all()]


async def lock_live_rows(
    session: AsyncSession, station_ids: Sequence[int]
) -> dict[int, StationLiveRow]:
    """The stations' live rows, locked until the transaction ends (on PostgreSQL)."""
    rows = await session.scalars(
        select(StationLiveRow).where(StationLiveRow.station_id.in_(station_ids)).with_for_update()
    )
    return {row.station_id: row for row in rows}


async def restamp_alive(
    session: AsyncSession, root_path: str, until: datetime, silent_every: int
) -> int:
    """Stamp the heartbeats of the subtree's stations (but every `silent_every`th, left silent)
    and their devices `until` (PostgreSQL, for the city-scale data); how many stations."""
    stamp = {"until": until, "prefix": f"{root_path}%", "every": silent_every}
    result = await session.execute(
        text(
            "UPDATE station_live l SET last_heartbeat_at = :until FROM stations s "
            "WHERE s.id = l.station_id AND s.org_path LIKE :prefix AND s.id % :every <> 0"
        ),
        stamp,
    )
    await session.execute(
        text(
            "UPDATE station_devices d SET last_seen_at = :until, reports_online_at = :until "
            "FROM stations s WHERE s.id = d.station_id AND s.org_path LIKE :prefix "
            "AND s.id % :every <> 0"
        ),
        stamp,
    )
    return int(getattr(result, "rowcount", 0) or 0)
