"""The resource wall on the map 一张图: open needs and resources in scope as GeoJSON points."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from db.base import china_day, utcnow
from db.pagination import first_records
from db.resources.models import NeedStatus, ResourceStatus
from db.resources.queries import (
    NEED_KEY,
    RESOURCE_KEY,
    NeedFilter,
    NeedRecord,
    ResourceFilter,
    ResourceRecord,
    need_list,
    resource_list,
    resources_visible,
)
from resolvers.access import Permission
from resolvers.context import Context
from resolvers.organizations.reads import resolve_scope_under

MAX_FEATURES = 2000


def _point(
    global_id: str, longitude: float | None, latitude: float | None, properties: dict[str, Any]
) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": global_id,
        "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
        "properties": {"id": global_id, **properties},
    }


async def resolve_wall_map(
    context: Context,
    under: int | None,
    under_global_id: str | None,
    need_id: Callable[[int], str],
    resource_id: Callable[[int], str],
) -> dict[str, Any]:
    """Open needs (READ_NEEDS) and open resources (READ_UNITS; a unit's own) of the subtree."""
    needs_in = await resolve_scope_under(
        context, Permission.READ_NEEDS, under, global_id=under_global_id
    )
    units_in = await resolve_scope_under(
        context, Permission.READ_UNITS, under, global_id=under_global_id
    )
    own = context.viewer.unit_id if under is None else None
    visible = resources_visible(units_in, own, china_day(utcnow()))
    open_needs = NeedFilter(statuses=(NeedStatus.OPEN, NeedStatus.CLAIMED), located=True)
    open_resources = ResourceFilter(statuses=(ResourceStatus.OPEN,), located=True)
    async with context.loaders.reads.read() as connection:
        needs = await first_records(
            connection, need_list(needs_in, open_needs), NEED_KEY, MAX_FEATURES, NeedRecord
        )
        resources = await first_records(
            connection,
            resource_list(visible, open_resources),
            RESOURCE_KEY,
            MAX_FEATURES,
            ResourceRecord,
        )
    features = [
        _point(
            need_id(need.id),
            need.longitude,
            need.latitude,
            {
                "kind": "NEED",
                "name": need.title,
                "category": need.category.name,
                "status": need.status.name,
                "people": need.people,
            },
        )
        for need in needs
    ] + [
        _point(
            resource_id(resource.id),
            resource.longitude,
            resource.latitude,
            {
                "kind": "RESOURCE",
                "name": resource.title,
                "category": resource.category.name,
                "status": resource.status.name,
                "quantity": resource.quantity,
            },
        )
        for resource in resources
    ]
    return {"type": "FeatureCollection", "features": features}
