"""Suggestions for a need: the open resources of the units serving its community, ranked by
resolvers/resources/matching.py with each score explained. A unit's account is offered only
its own resources (it sees no other unit's)."""

from __future__ import annotations

from dataclasses import dataclass

from db.base import china_day, utcnow
from db.resources.queries import NeedRecord, ResourceRecord, match_candidates
from db.units.queries import unit_ids_serving
from resolvers.context import Context
from resolvers.resources.matching import Component, Offered, Wanted, rank

MAX_CANDIDATES = 500


@dataclass(frozen=True, slots=True)
class Match:
    resource: ResourceRecord
    score: float
    components: tuple[Component, ...]


def wanted(need: NeedRecord) -> Wanted:
    return Wanted(
        category=need.category,
        terms=need.terms,
        longitude=need.longitude,
        latitude=need.latitude,
        needed_from=need.needed_from,
        needed_until=need.needed_until,
    )


def offered(resource: ResourceRecord) -> Offered:
    return Offered(
        key=resource.id,
        category=resource.category,
        terms=resource.terms,
        longitude=resource.longitude,
        latitude=resource.latitude,
        available_from=resource.available_from,
        available_until=resource.available_until,
    )


async def resolve_suggestions(context: Context, need: NeedRecord, first: int) -> list[Match]:
    today = china_day(utcnow())
    async with context.services.database.read() as connection:
        units = await unit_ids_serving(connection, need.org_path, today)
        own = context.viewer.unit_id
        if own is not None:
            units = [unit for unit in units if unit == own]
        candidates = await match_candidates(connection, units, need.needed_from, MAX_CANDIDATES)
    by_key = {resource.id: resource for resource in candidates}
    ranked = rank(wanted(need), [offered(resource) for resource in candidates])
    return [Match(by_key[s.key], s.score, s.components) for s in ranked[:first]]
