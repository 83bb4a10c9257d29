"""Organisation hours: for every organisation and hour, what the stations of its whole subtree
served and let in, in all and by service type (sums of the station hour roll-ups).

Added to by every telemetry ingest (in its transaction, with the station hours) and moved by
tree moves, so the subtree's history (served today / this week, peak hours, served by type)
reads one row per hour by key, instead of every station's hours. `rebuild_organization_hours`
recomputes them from the station hours (after bulk loads, and as the tests' reference).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Connection,
    ForeignKey,
    SmallInteger,
    delete,
    func,
    insert,
    select,
    union_all,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UtcDateTime
from db.enums import string_enum
from db.organizations.models import OrganizationRow
from db.paths import path_ids
from db.stations.models import ServiceType, StationRow
from db.stations.telemetry import StationHourRow, StationHourServiceRow


class OrganizationHourRow(Base):
    __tablename__ = "organization_hours"

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    hour: Mapped[datetime] = mapped_column(UtcDateTime, primary_key=True)  # UTC, whole hour
    local_hour: Mapped[int] = mapped_column(SmallInteger)  # 0-23 in China Standard Time
    served: Mapped[int] = mapped_column(BigInteger, default=0)
    visitors_in: Mapped[int] = mapped_column(BigInteger, default=0)


class OrganizationHourServiceRow(Base):
    __tablename__ = "organization_hour_services"

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    hour: Mapped[datetime] = mapped_column(UtcDateTime, primary_key=True)
    service_type: Mapped[ServiceType] = mapped_column(
        string_enum(ServiceType, "service_type"), primary_key=True
    )
    served: Mapped[int] = mapped_column(BigInteger, default=0)


HourKey = tuple[int, datetime]  # (organization, hour)
ServiceKey = tuple[int, datetime, str]  # (organization, hour, service type)


def _dialect_insert(session: AsyncSession, model: type[Base]) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


async def _upsert_hours(session: AsyncSession, net: Mapping[HourKey, list[int]]) -> None:
    rows = [
        {"organization_id": o, "hour": h, "local_hour": local, "served": s, "visitors_in": v}
        for (o, h), (local, s, v) in sorted(net.items())
        if s or v
    ]
    if not rows:
        return
    statement = _dialect_insert(session, OrganizationHourRow).values(rows)
    table = OrganizationHourRow.__table__.c
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["organization_id", "hour"],
            set_={
                "served": table.served + statement.excluded.served,
                "visitors_in": table.visitors_in + statement.excluded.visitors_in,
            },
        )
    )


async def _upsert_services(session: AsyncSession, net: Mapping[ServiceKey, int]) -> None:
    rows = [
        {"organization_id": o, "hour": h, "service_type": t, "served": n}
        for (o, h, t), n in sorted(net.items())
        if n
    ]
    if not rows:
        return
    statement = _dialect_insert(session, OrganizationHourServiceRow).values(rows)
    table = OrganizationHourServiceRow.__table__.c
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["organization_id", "hour", "service_type"],
            set_={"served": table.served + statement.excluded.served},
        )
    )


async def add_to_organization_hours(
    session: AsyncSession,
    paths: Mapping[int, str],
    hour_rows: Sequence[Mapping[str, Any]],
    service_rows: Sequence[Mapping[str, Any]],
) -> None:
    """Add the station hours just added (rows as for `add_to_hours` and
    `add_to_hour_services`) to every organisation above each station (`paths`: station id →
    the station's org_path). One statement per table, rows in key order (no deadlocks)."""
    hours: dict[HourKey, list[int]] = {}
    for row in hour_rows:
        for organization in path_ids(paths[row["station_id"]]):
            found = hours.setdefault((organization, row["hour"]), [row["local_hour"], 0, 0])
            found[1] += row["served"]
            found[2] += row["visitors_in"]
    services: dict[ServiceKey, int] = {}
    for row in service_rows:
        for organization in path_ids(paths[row["station_id"]]):
            key = (organization, row["hour"], str(row["service_type"]))
            services[key] = services.get(key, 0) + row["served"]
    await _upsert_hours(session, hours)
    await _upsert_services(session, services)


async def move_organization_hours(
    session: AsyncSession, node_id: int, old_ancestors: Sequence[int], new_ancestors: Sequence[int]
) -> None:
    """A subtree moved: take its hours from the old ancestors, give them to the new ones."""
    h = OrganizationHourRow
    own = (
        await session.execute(
            select(h.hour, h.local_hour, h.served, h.visitors_in).where(
                h.organization_id == node_id
            )
        )
    ).all()
    hours: dict[HourKey, list[int]] = {}
    s = OrganizationHourServiceRow
    own_services = (
        await session.execute(
            select(s.hour, s.service_type, s.served).where(s.organization_id == node_id)
        )
    ).all()
    services: dict[ServiceKey, int] = {}
    for ancestors, sign in ((old_ancestors, -1), (new_ancestors, 1)):
        for organization in ancestors:
            for hour, local, served, visitors in own:
                found = hours.setdefault((organization, hour), [local, 0, 0])
                found[1] += sign * served
                found[2] += sign * visitors
            for hour, service_type, served in own_services:
                key = (organization, hour, str(service_type))
                services[key] = services.get(key, 0) + sign * served
    await _upsert_hours(session, hours)
    await _upsert_services(session, services)


def _level_hours(depth: int) -> Any:
    """Hours of the organisations at `depth`: their own stations' and their children's."""
    t = StationHourRow
    own = (
        select(OrganizationRow.id, t.hour, t.local_hour, t.served, t.visitors_in)
        .join(StationRow, StationRow.id == t.station_id)
        .join(OrganizationRow, OrganizationRow.id == StationRow.organization_id)
        .where(OrganizationRow.depth == depth)
    )
    o = OrganizationHourRow
    children = (
        select(OrganizationRow.parent_id, o.hour, o.local_hour, o.served, o.visitors_in)
        .join(OrganizationRow, OrganizationRow.id == o.organization_id)
        .where(OrganizationRow.depth == depth + 1)
    )
    parts = union_all(own, children).subquery()
    c = list(parts.c)
    summed = select(c[0], c[1], func.min(c[2]), func.sum(c[3]), func.sum(c[4])).group_by(c[0], c[1])
    columns = ["organization_id", "hour", "local_hour", "served", "visitors_in"]
    return insert(OrganizationHourRow).from_select(columns, summed)


def _level_services(depth: int) -> Any:
    t = StationHourServiceRow
    own = (
        select(OrganizationRow.id, t.hour, t.service_type, t.served)
        .join(StationRow, StationRow.id == t.station_id)
        .join(OrganizationRow, OrganizationRow.id == StationRow.organization_id)
        .where(OrganizationRow.depth == depth)
    )
    o = OrganizationHourServiceRow
    children = (
        select(OrganizationRow.parent_id, o.hour, o.service_type, o.served)
        .join(OrganizationRow, OrganizationRow.id == o.organization_id)
        .where(OrganizationRow.depth == depth + 1)
    )
    parts = union_all(own, children).subquery()
    c = list(parts.c)
    summed = select(c[0], c[1], c[2], func.sum(c[3])).group_by(c[0], c[1], c[2])
    columns = ["organization_id", "hour", "service_type", "served"]
    return insert(OrganizationHourServiceRow).from_select(columns, summed)


_DEPTHS = select(func.min(OrganizationRow.depth), func.max(OrganizationRow.depth))


def _statements(top: int | None, bottom: int | None) -> list[Any]:
    statements: list[Any] = [delete(OrganizationHourRow), delete(OrganizationHourServiceRow)]
    for depth in range(bottom or 0, (top or 0) - 1, -1):
        statements += [_level_hours(depth), _level_services(depth)]
    return statements


async def rebuild_organization_hours(session: AsyncSession) -> None:
    """Recompute every organisation hour from the station hours (after bulk loads), in SQL:
    the deepest level from its stations, then each level above from its own stations and its
    children's hours (one INSERT … SELECT per level and table)."""
    top, bottom = (await session.execute(_DEPTHS)).one()
    for statement in _statements(top, bottom):
        await session.execute(statement)


def rebuild_organization_hours_now(connection: Connection) -> None:
    """The same, on a synchronous connection (the migration that introduced them)."""
    top, bottom = connection.execute(_DEPTHS).one()
    for statement in _statements(top, bottom):
        connection.execute(statement)
