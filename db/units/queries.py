"""Reads of co-building units: by id, the list a viewer may see, agreements, served communities."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, select

from db.base import core_table
from db.paths import ancestor_paths, within_any
from db.records import ByKeys, Connectable, record_columns
from db.units.models import AgreementRow, UnitAccountRow, UnitRow, UnitSector


@dataclass(frozen=True, slots=True)
class UnitRecord:
    id: int
    name: str
    sector: UnitSector
    contact_name: str
    contact_phone: str
    address: str | None
    longitude: float | None
    latitude: float | None
    home_org_id: int
    home_path: str
    party_org_id: int | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AgreementRecord:
    id: int
    unit_id: int
    community_id: int
    community_path: str
    starts_on: date
    ends_on: date | None
    content: str | None
    created_at: datetime

    def in_force(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


COLUMNS = record_columns(UnitRecord, UnitRow)
AGREEMENT_COLUMNS = record_columns(AgreementRecord, AgreementRow)
_UNITS = core_table(UnitRow).c
_AGREEMENTS = core_table(AgreementRow).c
_ACCOUNTS = core_table(UnitAccountRow).c
UNIT_KEY = _UNITS.id
_BY_ID = ByKeys(lambda keys: select(*COLUMNS).where(keys), _UNITS.id)
_AGREEMENTS_OF = ByKeys(
    lambda keys: select(*AGREEMENT_COLUMNS).where(keys).order_by(_AGREEMENTS.id),
    _AGREEMENTS.unit_id,
)


async def units_by_ids(connection: Connectable, ids: Sequence[int]) -> dict[int, UnitRecord]:
    return {row[0]: UnitRecord(*row) for row in await _BY_ID.rows(connection, ids)}


async def agreements_by_unit(
    connection: Connectable, unit_ids: Sequence[int]
) -> dict[int, list[AgreementRecord]]:
    found: dict[int, list[AgreementRecord]] = {key: [] for key in unit_ids}
    for row in await _AGREEMENTS_OF.rows(connection, unit_ids):
        agreement = AgreementRecord(*row)
        found[agreement.unit_id].append(agreement)
    return found


def _in_force(day: date) -> ColumnElement[bool]:
    return and_(
        _AGREEMENTS.starts_on <= day,
        or_(_AGREEMENTS.ends_on.is_(None), _AGREEMENTS.ends_on >= day),
    )


async def served_communities(
    connection: Connectable, unit_id: int, day: date
) -> list[tuple[int, str]]:
    """(id, path) of the communities the unit has an agreement with in force on `day`."""
    result = await connection.execute(
        select(_AGREEMENTS.community_id, _AGREEMENTS.community_path)
        .where(_AGREEMENTS.unit_id == unit_id, _in_force(day))
        .distinct()
        .order_by(_AGREEMENTS.community_path)
    )
    return [(community_id, path) for community_id, path in result]


def serving(roots: Sequence[str], day: date) -> Select[Any]:
    """The ids of the units with an agreement in force on `day` with a community of `roots`."""
    return select(_AGREEMENTS.unit_id).where(
        within_any(_AGREEMENTS.community_path, roots), _in_force(day)
    )


@lru_cache(maxsize=1024)
def _visible(roots: tuple[str, ...], unit_id: int | None) -> ColumnElement[bool]:
    own = _UNITS.id == unit_id if unit_id is not None else None
    related = or_(
        within_any(_UNITS.home_path, roots),
        _UNITS.id.in_(
            select(_AGREEMENTS.unit_id).where(within_any(_AGREEMENTS.community_path, roots))
        ),
    )
    return related if own is None else or_(own, related)


def unit_list(
    roots: Sequence[str],
    own_unit_id: int | None,
    *,
    sectors: Sequence[UnitSector] = (),
    name_contains: str | None = None,
) -> Select[Any]:
    """Units registered in `roots`, or that ever signed an agreement with a community there,
    or the viewer's own; page it by UNIT_KEY."""
    query = select(*COLUMNS).where(_visible(tuple(roots), own_unit_id))
    if sectors:
        query = query.where(_UNITS.sector.in_(sectors))
    if name_contains:
        query = query.where(_UNITS.name.contains(name_contains, autoescape=True))
    return query


async def units_serving_paths(
    connection: Connectable, paths: Sequence[str], day: date
) -> dict[str, list[int]]:
    """For each path, the units with an agreement in force on `day` with the community at that
    path or above it (a grid is served by its community's units); one statement for all."""
    above = sorted({ancestor for path in paths for ancestor in ancestor_paths(path)})
    result = await connection.execute(
        select(_AGREEMENTS.unit_id, _AGREEMENTS.community_path)
        .where(_in_force(day), _AGREEMENTS.community_path.in_(above))
        .distinct()
    )
    rows = result.all()
    return {
        path: sorted({unit for unit, community in rows if path.startswith(community)})
        for path in paths
    }
