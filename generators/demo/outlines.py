"""Outlines 辖区边界 of the demo city's districts and streets: deterministic polygons that tile
the city's extent without overlaps, for the map without a tile server.

Each district's outline is its Voronoi cell among the districts (the points nearer its seat
than any other's), clipped to the city's extent; each street's is its cell among its
district's streets, clipped to the district's outline. Cells are convex polygons cut from a
rectangle by half-planes, so the tiling is exact: every point of the extent lies in exactly
one district and one street of it (up to the shared edges).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from db.bulk import insert_rows
from db.engine import Session
from db.organizations.models import GovernanceLevel, OrganizationRow
from db.organizations.outlines import OutlineRow, has_outlines

Point = tuple[float, float]
MARGIN = 0.03  # degrees around the outermost organisations


def _clip(polygon: list[Point], a: Point, b: Point) -> list[Point]:
    """The part of the convex polygon nearer `a` than `b` (Sutherland–Hodgman, one edge)."""
    mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    nx, ny = a[0] - b[0], a[1] - b[1]

    def inside(p: Point) -> float:
        return (p[0] - mx) * nx + (p[1] - my) * ny

    result: list[Point] = []
    for index, current in enumerate(polygon):
        previous = polygon[index - 1]
        here, there = inside(current), inside(previous)
        if here >= 0:
            if there < 0:
                result.append(_cross(previous, current, there, here))
            result.append(current)
        elif there >= 0:
            result.append(_cross(previous, current, there, here))
    return result


def _cross(p: Point, q: Point, dp: float, dq: float) -> Point:
    t = dp / (dp - dq)
    return (p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t)


def voronoi_cells(seats: Sequence[Point], within: list[Point]) -> list[list[Point]]:
    """Each seat's cell inside the convex polygon `within`."""
    cells = []
    for index, seat in enumerate(seats):
        cell = list(within)
        for other_index, other in enumerate(seats):
            if other_index != index and other != seat:
                cell = _clip(cell, seat, other)
        cells.append(cell)
    return cells


def _geometry(cell: list[Point]) -> dict[str, Any]:
    ring = [[round(x, 6), round(y, 6)] for x, y in cell]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def city_extent(organizations: Sequence[OrganizationRow | dict[str, Any]]) -> list[Point]:
    def value(row: OrganizationRow | dict[str, Any], name: str) -> Any:
        return row[name] if isinstance(row, dict) else getattr(row, name)

    located = [
        (value(row, "longitude"), value(row, "latitude"))
        for row in organizations
        if value(row, "longitude") is not None
    ]
    west = min(x for x, _ in located) - MARGIN
    east = max(x for x, _ in located) + MARGIN
    south = min(y for _, y in located) - MARGIN
    north = max(y for _, y in located) + MARGIN
    return [(west, south), (east, south), (east, north), (west, north)]


def demo_outlines(organizations: Sequence[OrganizationRow]) -> list[dict[str, Any]]:
    """Outline rows of the districts and streets of the organisations given (a whole city)."""
    districts = [o for o in organizations if o.level is GovernanceLevel.DISTRICT and o.longitude]
    extent = city_extent(organizations)
    rows: list[dict[str, Any]] = []
    district_cells = voronoi_cells([(d.longitude, d.latitude) for d in districts], extent)  # type: ignore[misc]
    for district, cell in zip(districts, district_cells, strict=True):
        rows.append({"organization_id": district.id, "geometry": _geometry(cell)})
        streets = [
            o
            for o in organizations
            if o.parent_id == district.id and o.level is GovernanceLevel.STREET and o.longitude
        ]
        seats = [(s.longitude, s.latitude) for s in streets]
        for street, street_cell in zip(streets, voronoi_cells(seats, cell), strict=True):  # type: ignore[arg-type]
            rows.append({"organization_id": street.id, "geometry": _geometry(street_cell)})
    return rows


async def seed_outlines(session: Session, organizations: Sequence[OrganizationRow]) -> int:
    """The outlines of the city's districts and streets, once; how many were written."""
    if await has_outlines(session):
        return 0
    rows = [
        row for row in demo_outlines(organizations) if len(row["geometry"]["coordinates"][0]) > 3
    ]
    await insert_rows(session, OutlineRow, rows)
    return len(rows)
