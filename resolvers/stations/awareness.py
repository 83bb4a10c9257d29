"""Situational awareness 态势感知: station figures for one station or rolled up any subtree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from db.organizations.queries import OrganizationRecord
from db.pagination import PageRequest
from db.paths import path_ids
from db.stations.awareness import Totals, station_key
from db.stations.queries import StationRecord
from resolvers.access import Permission
from resolvers.context import Context
from resolvers.errors import BadUserInput, Forbidden, not_found
from resolvers.organizations.reads import resolve_organization_by_id, resolve_organizations_by_ids

MAX_WINDOW_DAYS = 366
MAX_CHILDREN = 100


@dataclass(frozen=True, slots=True)
class AwarenessScope:
    """What the figures cover: disjoint subtrees (paths) or one station (`station:<id>`)."""

    keys: tuple[str, ...]
    organization: OrganizationRecord | None = None
    station: StationRecord | None = None


async def resolve_awareness_scope(
    context: Context, under: int | None, global_id: str | None
) -> AwarenessScope:
    context.require_account()
    if under is None:
        roots = context.viewer.paths_for(Permission.READ_STATIONS)
        if not roots:
            raise Forbidden("None of your roles may read service stations.")
        found = await resolve_organizations_by_ids(context, [path_ids(roots[0])[-1]])
        return AwarenessScope(tuple(roots), found[0] if len(roots) == 1 else None)
    organization = await resolve_organization_by_id(context, under)
    if organization is None:
        raise not_found("organization", global_id or str(under), field="under")
    context.require(Permission.READ_STATIONS, organization.path, action="read station figures")
    return AwarenessScope((organization.path,), organization)


def station_scope(station: StationRecord) -> AwarenessScope:
    return AwarenessScope((station_key(station.id),), station=station)


def _sum(parts: list[Totals]) -> Totals:
    total = Totals()
    for part in parts:
        total.stations += part.stations
        for status, n in part.by_status.items():
            total.by_status[status] = total.by_status.get(status, 0) + n
        total.visitors_now += part.visitors_now
        total.queue_length += part.queue_length
        total.staff_on_duty += part.staff_on_duty
        total.capacity += part.capacity
        total.served_today += part.served_today
        total.served_this_week += part.served_this_week
        total.cameras_online += part.cameras_online
        total.cameras_total += part.cameras_total
    return total


async def resolve_totals(context: Context, scope: AwarenessScope) -> Totals:
    return _sum(await context.loaders.stations.totals.load_many(list(scope.keys)))


def _window(days: int) -> None:
    if not 1 <= days <= MAX_WINDOW_DAYS:
        raise BadUserInput(f"`days` must be between 1 and {MAX_WINDOW_DAYS}.", field="days")


async def resolve_peak_hours(
    context: Context, scope: AwarenessScope, days: int
) -> list[tuple[int, int, int]]:
    """(local hour of day, people served, visitors) for all 24 hours over the last `days`."""
    _window(days)
    loaders = context.loaders.stations
    since = loaders.moments.today - timedelta(days=days - 1)
    parts = await loaders.peak_hours.load_many([(key, since) for key in scope.keys])
    histogram = {hour: [0, 0] for hour in range(24)}
    for part in parts:
        for hour, (served, visitors) in part.items():
            histogram[hour][0] += served
            histogram[hour][1] += visitors
    return [(hour, served, visitors) for hour, (served, visitors) in histogram.items()]


async def resolve_services(context: Context, scope: AwarenessScope, days: int) -> dict[str, int]:
    _window(days)
    loaders = context.loaders.stations
    since = loaders.moments.today - timedelta(days=days - 1)
    counts: dict[str, int] = {}
    for part in await loaders.services.load_many([(key, since) for key in scope.keys]):
        for service, served in part.items():
            counts[service] = counts.get(service, 0) + served
    return dict(sorted(counts.items(), key=lambda item: -item[1]))


async def resolve_child_scopes(context: Context, scope: AwarenessScope) -> list[AwarenessScope]:
    """The figures of each direct child organisation (for drilling down on a screen)."""
    if scope.organization is None:
        return []
    page = await context.loaders.organizations.children.load(
        (scope.organization.id, PageRequest(size=MAX_CHILDREN, forwards=True))
    )
    return [AwarenessScope((child.path,), child) for child in page.rows]
