"""Organisations on the map 一张图: each as a point with its level, or as its outline (辖区
边界) where one is kept, as GeoJSON; within the viewer's scope."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from db.organizations.models import GovernanceLevel
from db.organizations.outlines import organizations_with_outlines
from resolvers.access import Permission
from resolvers.context import Context
from resolvers.organizations.reads import resolve_scope_under

MAX_FEATURES = 5000


async def resolve_organization_map(
    context: Context,
    under: int | None,
    under_global_id: str | None,
    levels: Sequence[GovernanceLevel],
    outlines: bool,
    global_id: Callable[[int], str],
) -> dict[str, Any]:
    roots = await resolve_scope_under(
        context, Permission.READ_ORGANIZATIONS, under, global_id=under_global_id
    )
    async with context.loaders.reads.read() as connection:
        found = await organizations_with_outlines(connection, roots, levels, MAX_FEATURES)
    features = []
    for row, outline in found:
        if outlines and outline is not None:
            geometry = outline
        elif row.longitude is not None and row.latitude is not None:
            geometry = {"type": "Point", "coordinates": [row.longitude, row.latitude]}
        else:
            continue
        features.append(
            {
                "type": "Feature",
                "id": global_id(row.id),
                "geometry": geometry,
                "properties": {
                    "id": global_id(row.id),
                    "name": row.name,
                    "level": row.level.name if row.level else None,
                    "kind": row.kind.name,
                    "parentId": global_id(row.parent_id) if row.parent_id else None,
                    "outlined": outline is not None,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
