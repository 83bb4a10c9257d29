"""Subscriptions for screens: station status changes (from the event log) and the command
centre's coalesced snapshots."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

from db.base import utcnow
from db.engine import Database
from db.events.log import EventRow
from db.stations.awareness import BoardLine, Totals, station_board
from db.stations.models import StationStatus
from resolvers.access import Permission
from resolvers.context import Context
from resolvers.errors import Forbidden
from resolvers.organizations.reads import resolve_scope_under
from resolvers.pagination import decode_cursor
from resolvers.stations.config import StationConfig
from resolvers.stations.status import STATUS_EVENT
from subscriptions.live_groups import Accept, Share
from subscriptions.screen_feeds import CommandCentre, Screen, command_centre_of


@dataclass(frozen=True, slots=True)
class Board:
    """A complete snapshot of the subtrees' stations, the same for every screen on them."""

    generated_at: datetime
    lines: tuple[BoardLine, ...]
    totals: Totals


def board_totals(lines: tuple[BoardLine, ...]) -> Totals:
    totals = Totals()
    for line in lines:
        totals.stations += 1
        totals.by_status[line.status] = totals.by_status.get(line.status, 0) + 1
        totals.visitors_now += line.occupancy
        totals.queue_length += line.queue_length
        totals.staff_on_duty += line.staff_on_duty
        totals.capacity += line.capacity
        totals.served_today += line.served_today
        totals.served_this_week += line.served_this_week
        totals.cameras_online += line.cameras_online
    return totals


async def compute_board(database: Database, config: StationConfig, roots: tuple[str, ...]) -> Board:
    now = utcnow()
    moments = config.moments(now)
    async with database.session() as session:
        lines = tuple(await station_board(session, roots, moments))
    return Board(generated_at=now, lines=lines, totals=board_totals(lines))


def command_centre(context: Context) -> CommandCentre[Board]:
    services = context.services

    def build() -> CommandCentre[Board]:
        return CommandCentre(
            services.hub,
            lambda roots: compute_board(services.database, services.stations, roots),
            interval=services.stations.screen_interval_seconds,
        )

    return command_centre_of(services.hub, build)


async def _station_roots(context: Context, under: int | None, global_id: str | None) -> list[str]:
    context.require_account()
    if not context.viewer.paths_for(Permission.READ_STATIONS):
        raise Forbidden("None of your roles may watch service stations.")
    return await resolve_scope_under(context, Permission.READ_STATIONS, under, global_id=global_id)


async def watch_command_centre(
    context: Context, under: int | None, global_id: str | None
) -> Screen[Board]:
    """Checks run now, so a bad request fails before the first snapshot."""
    roots = await _station_roots(context, under, global_id)
    return command_centre(context).watch(roots)


async def subscribe_status_changes(
    context: Context,
    under: int | None,
    global_id: str | None,
    after: str | None,
    share: Share | None = None,
) -> AsyncIterator[EventRow]:
    """With `share` (a websocket subscriber) live changes come from its live group."""
    roots = await _station_roots(context, under, global_id)
    after_id = decode_cursor(after, field="after") if after is not None else None

    def accepts(row: EventRow) -> bool:
        return row.type == STATUS_EVENT and context.viewer.can(
            Permission.READ_STATIONS, row.org_path
        )

    if share is not None:
        return share(roots, accepts, STATUS_EVENT, after_id)  # one filter for every subscriber
    return _status_changes(context, roots, after_id, accepts)


async def _status_changes(
    context: Context, roots: list[str], after_id: int | None, accepts: Accept
) -> AsyncIterator[EventRow]:
    async with context.services.hub.stream(roots, after_id) as stream:
        async for row in stream:
            if accepts(row):
                yield row


def status_of(value: str) -> StationStatus:
    return StationStatus(value)
