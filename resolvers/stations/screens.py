"""Subscriptions for screens: station status changes (from the event log) and the command
centre's coalesced snapshots."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from weakref import WeakKeyDictionary

from db.base import utcnow
from db.engine import Database
from db.events.log import EventRow
from db.events.types import EntityType, EventType
from db.stations.awareness import BoardLine, Totals, station_board
from db.stations.models import StationStatus
from resolvers.access import EventFilter, Permission
from resolvers.context import Context, Services
from resolvers.errors import Forbidden
from resolvers.organizations.reads import resolve_scope_under
from resolvers.pagination import decode_cursor
from resolvers.stations.config import StationConfig
from subscriptions import EventHub
from subscriptions.screen_feeds import CommandCentre, Screen
from subscriptions.watches import ToPayload, Watch, follow

# What makes a board stale: station changes, and telemetry's per-batch wake-ups.
BOARD_EVENTS = frozenset({EntityType.STATION, EntityType.STATION_READINGS})


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


_centres: WeakKeyDictionary[EventHub, CommandCentre[Board]] = WeakKeyDictionary()


def command_centre(services: Services) -> CommandCentre[Board]:
    """The process's command-centre feeds (one per hub), made on first use."""
    centre = _centres.get(services.hub)
    if centre is None:
        centre = _centres[services.hub] = CommandCentre(
            services.hub,
            partial(compute_board, services.database, services.stations),
            interval=services.stations.screen_interval_seconds,
            watched=BOARD_EVENTS,
        )
    return centre


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
    return command_centre(context.services).watch(roots)


async def subscribe_status_changes(
    context: Context,
    under: int | None,
    global_id: str | None,
    after: str | None,
    to_payload: ToPayload,
) -> AsyncIterator[EventRow]:
    """Checks run now, so a bad request fails before the first event; then the status changes
    of the stations the viewer may see (subscriptions/watches.py)."""
    roots = await _station_roots(context, under, global_id)
    after_id = decode_cursor(after, field="after") if after is not None else None
    accepts = EventFilter(context.viewer, frozenset({EventType.STATION_STATUS_CHANGED}))
    return follow(context.services.hub, Watch(tuple(roots), accepts, accepts, after_id), to_payload)


def status_of(value: str) -> StationStatus:
    return StationStatus(value)
