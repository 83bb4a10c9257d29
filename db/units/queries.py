"""Reads of co-building units: by id, the list a viewer may see, agreements, served communities."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, String, and_, bindparam, or_, select

from db.base import core_table
from db.list_shapes import (
    LIKE_ESCAPE,
    ListQuery,
    Shape,
    escaped_contains,
    one_of,
    scope_values,
    within_scope,
)
from db.paths import ancestor_paths, within_any
from db.records import ByKeys, Connectable, record_columns, row_record
from db.units.models import AgreementRow, UnitAccountRow, UnitRow, UnitSector


@row_record
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


@row_record
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
_ALL = select(*COLUMNS)
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


def unit_list(
    roots: Sequence[str],
    own_unit_id: int | None,
    *,
    sectors: Sequence[UnitSector] = (),
    name_contains: str | None = None,
) -> ListQuery:
    """Units registered in `roots`, or that ever signed an agreement with a community there,
    or the viewer's own; page it by UNIT_KEY."""
    scope, values = scope_values(roots)
    if own_unit_id is not None:
        values["own"] = own_unit_id
    if sectors:
        values["sectors"] = [sector.value for sector in sectors]
    if name_contains:
        values["name"] = escaped_contains(name_contains)
    shape = (scope, own_unit_id is not None, bool(sectors), bool(name_contains))
    return ListQuery(_listed, shape, values)


def _listed(dialect: str, shape: Shape) -> Select[Any]:
    scope, own, sectors, named = shape
    visible = or_(
        within_scope(_UNITS.home_path, scope),
        _UNITS.id.in_(
            select(_AGREEMENTS.unit_id).where(within_scope(_AGREEMENTS.community_path, scope))
        ),
    )
    query = _ALL.where(or_(_UNITS.id == bindparam("own"), visible) if own else visible)
    if sectors:
        query = query.where(one_of(dialect, _UNITS.sector, "sectors", String()))
    if named:
        query = query.where(_UNITS.name.like(bindparam("name"), escape=LIKE_ESCAPE))
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
