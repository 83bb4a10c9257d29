"""Suggestions for a need: the open resources of the units serving its community, ranked by
resolvers/resources/matching.py with each score explained. A unit's account is offered only
its own resources (it sees no other unit's)."""

from __future__ import annotations

from dataclasses import dataclass

from db.resources.queries import NeedRecord, ResourceRecord
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
    """Batched per request: the serving units of every listed need in one statement, their
    open resources in another, however many needs a page holds."""
    loaders = context.loaders.resources
    units = await loaders.serving.load(need.org_path)
    own = context.viewer.unit_id
    if own is not None:
        units = [unit for unit in units if unit == own]
    offers = await loaders.open_of_unit.load_many(units)
    candidates = [
        resource
        for resources in offers
        for resource in resources
        if resource.available_until is None or resource.available_until >= need.needed_from
    ][:MAX_CANDIDATES]
    by_key = {resource.id: resource for resource in candidates}
    ranked = rank(wanted(need), [offered(resource) for resource in candidates])
    return [Match(by_key[s.key], s.score, s.components) for s in ranked[:first]]
