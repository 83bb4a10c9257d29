"""Outlines of organisations' areas 辖区边界 (districts, streets …) as GeoJSON geometries, for
the map 一张图 without a tile server. The demo city's are generated (generators/demo/outlines.py);
a deployment loads its own."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import JSON, ForeignKey, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, core_table
from db.organizations.models import GovernanceLevel, OrganizationRow
from db.organizations.queries import COLUMNS, OrganizationRecord
from db.paths import within_any


class OutlineRow(Base):
    __tablename__ = "organization_outlines"

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    # A GeoJSON Polygon or MultiPolygon (RFC 7946), WGS-84 [longitude, latitude].
    geometry: Mapped[dict[str, Any]] = mapped_column(JSON)


_O = core_table(OrganizationRow).c
_L = core_table(OutlineRow).c


async def organizations_with_outlines(
    connection: AsyncConnection,
    roots: Sequence[str],
    levels: Sequence[GovernanceLevel],
    limit: int,
) -> list[tuple[OrganizationRecord, dict[str, Any] | None]]:
    """Organisations of the subtrees (of the levels, when given) with their outline if they
    have one, in path order, at most `limit`."""
    query = (
        select(*COLUMNS, _L.geometry)
        .outerjoin(core_table(OutlineRow), _L.organization_id == _O.id)
        .where(within_any(_O.path, roots))
    )
    if levels:
        query = query.where(_O.level.in_(levels))
    result = await connection.execute(query.order_by(_O.path).limit(limit))
    width = len(COLUMNS)
    return [(OrganizationRecord(*row[:width]), row[width]) for row in result]


async def has_outlines(session: AsyncSession) -> bool:
    return await session.scalar(select(_L.organization_id).limit(1)) is not None
