"""Reads of the resource wall: resources, needs, exchanges and timelines, by id and as lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, String, bindparam, false, or_, select

from db.base import core_table
from db.list_shapes import ListQuery, Shape, one_of, scope_values, within_scope
from db.paths import within_any
from db.records import ByKeys, Connectable, record_columns, row_record
from db.resources.models import (
    ExchangeAction,
    ExchangeRow,
    ExchangeStatus,
    ExchangeStepRow,
    NeedRow,
    NeedStatus,
    ResourceCategory,
    ResourceRow,
    ResourceStatus,
)
from db.units.queries import serving


@row_record
class ResourceRecord:
    id: int
    unit_id: int
    category: ResourceCategory
    title: str
    description: str
    quantity: int
    quantity_unit: str
    available_from: date
    available_until: date | None
    address: str | None
    longitude: float | None
    latitude: float | None
    status: ResourceStatus
    terms: list[str]
    version: int
    created_at: datetime
    updated_at: datetime


@row_record
class NeedRecord:
    id: int
    organization_id: int
    org_path: str
    category: ResourceCategory
    title: str
    description: str
    people: int
    needed_from: date
    needed_until: date
    requested_for: str | None
    longitude: float | None
    latitude: float | None
    status: NeedStatus
    terms: list[str]
    version: int
    created_by_account_id: int
    created_at: datetime
    updated_at: datetime


@row_record
class ExchangeRecord:
    id: int
    unit_id: int
    need_id: int | None
    resource_id: int | None
    organization_id: int
    org_path: str
    status: ExchangeStatus
    scheduled_for: datetime | None
    delivered_at: datetime | None
    community_rating: int | None
    community_comment: str | None
    unit_rating: int | None
    unit_comment: str | None
    version: int
    created_by_account_id: int
    created_at: datetime
    updated_at: datetime


@row_record
class ExchangeStepRecord:
    id: int
    exchange_id: int
    action: ExchangeAction
    side: str
    from_status: ExchangeStatus | None
    to_status: ExchangeStatus
    actor_name: str | None
    note: str | None
    at: datetime


RESOURCE_COLUMNS = record_columns(ResourceRecord, ResourceRow)
NEED_COLUMNS = record_columns(NeedRecord, NeedRow)
EXCHANGE_COLUMNS = record_columns(ExchangeRecord, ExchangeRow)
STEP_COLUMNS = record_columns(ExchangeStepRecord, ExchangeStepRow)
_R = core_table(ResourceRow).c
_N = core_table(NeedRow).c
_E = core_table(ExchangeRow).c
_S = core_table(ExchangeStepRow).c
RESOURCE_KEY = _R.id
NEED_KEY = _N.id
EXCHANGE_KEY = _E.id
_RESOURCES = ByKeys(lambda keys: select(*RESOURCE_COLUMNS).where(keys), _R.id)
_NEEDS = ByKeys(lambda keys: select(*NEED_COLUMNS).where(keys), _N.id)
_EXCHANGES = ByKeys(lambda keys: select(*EXCHANGE_COLUMNS).where(keys), _E.id)
_STEPS_OF = ByKeys(
    lambda keys: select(*STEP_COLUMNS).where(keys).order_by(_S.exchange_id, _S.id), _S.exchange_id
)
_OPEN_OF_UNIT = ByKeys(
    lambda keys: (
        select(*RESOURCE_COLUMNS)
        .where(keys, _R.status == ResourceStatus.OPEN)
        .order_by(_R.unit_id, _R.id)
    ),
    _R.unit_id,
)
_EXCHANGES_OF_NEED = ByKeys(
    lambda keys: select(*EXCHANGE_COLUMNS).where(keys).order_by(_E.id), _E.need_id
)


async def resources_by_ids(
    connection: Connectable, ids: Sequence[int]
) -> dict[int, ResourceRecord]:
    return {row[0]: ResourceRecord(*row) for row in await _RESOURCES.rows(connection, ids)}


async def needs_by_ids(connection: Connectable, ids: Sequence[int]) -> dict[int, NeedRecord]:
    return {row[0]: NeedRecord(*row) for row in await _NEEDS.rows(connection, ids)}


async def exchanges_by_ids(
    connection: Connectable, ids: Sequence[int]
) -> dict[int, ExchangeRecord]:
    return {row[0]: ExchangeRecord(*row) for row in await _EXCHANGES.rows(connection, ids)}


async def steps_by_exchange(
    connection: Connectable, ids: Sequence[int]
) -> dict[int, list[ExchangeStepRecord]]:
    found: dict[int, list[ExchangeStepRecord]] = {key: [] for key in ids}
    for row in await _STEPS_OF.rows(connection, ids):
        step = ExchangeStepRecord(*row)
        found[step.exchange_id].append(step)
    return found


async def exchanges_by_need(
    connection: Connectable, need_ids: Sequence[int]
) -> dict[int, list[ExchangeRecord]]:
    found: dict[int, list[ExchangeRecord]] = {key: [] for key in need_ids}
    for row in await _EXCHANGES_OF_NEED.rows(connection, need_ids):
        exchange = ExchangeRecord(*row)
        assert exchange.need_id is not None
        found[exchange.need_id].append(exchange)
    return found


def resources_visible(
    roots: Sequence[str], own_unit_id: int | None, day: date
) -> ColumnElement[bool]:
    """A unit's own resources, and those of the units serving a community of `roots`."""
    served = _R.unit_id.in_(serving(roots, day)) if roots else false()
    return or_(served, _R.unit_id == own_unit_id) if own_unit_id is not None else served


@dataclass(frozen=True, slots=True)
class ResourceFilter:
    categories: Sequence[ResourceCategory] = ()
    statuses: Sequence[ResourceStatus] = ()
    unit_id: int | None = None
    search: str | None = None
    located: bool = False


def resource_list(visible: ColumnElement[bool], narrow: ResourceFilter) -> Select[Any]:
    """Resources meeting `visible` and the filter; page it by RESOURCE_KEY."""
    query = select(*RESOURCE_COLUMNS).where(visible)
    if narrow.categories:
        query = query.where(_R.category.in_(narrow.categories))
    if narrow.statuses:
        query = query.where(_R.status.in_(narrow.statuses))
    if narrow.unit_id is not None:
        query = query.where(_R.unit_id == narrow.unit_id)
    if narrow.search:
        query = query.where(
            or_(
                _R.title.contains(narrow.search, autoescape=True),
                _R.description.contains(narrow.search, autoescape=True),
            )
        )
    if narrow.located:
        query = query.where(_R.longitude.is_not(None), _R.latitude.is_not(None))
    return query


@dataclass(frozen=True, slots=True)
class NeedFilter:
    categories: Sequence[ResourceCategory] = ()
    statuses: Sequence[NeedStatus] = ()
    search: str | None = None
    located: bool = False


def need_list(roots: Sequence[str], narrow: NeedFilter) -> Select[Any]:
    """Needs posted in the subtrees at `roots`; page it by NEED_KEY."""
    query = select(*NEED_COLUMNS).where(within_any(_N.org_path, roots))
    if narrow.categories:
        query = query.where(_N.category.in_(narrow.categories))
    if narrow.statuses:
        query = query.where(_N.status.in_(narrow.statuses))
    if narrow.search:
        query = query.where(
            or_(
                _N.title.contains(narrow.search, autoescape=True),
                _N.description.contains(narrow.search, autoescape=True),
            )
        )
    if narrow.located:
        query = query.where(_N.longitude.is_not(None), _N.latitude.is_not(None))
    return query


def exchange_list(
    roots: Sequence[str], own_unit_id: int | None, statuses: Sequence[ExchangeStatus] = ()
) -> ListQuery:
    """Exchanges of communities in `roots`, and the viewer's unit's own; page by EXCHANGE_KEY."""
    scope, values = scope_values(roots)
    if own_unit_id is not None:
        values["own"] = own_unit_id
    if statuses:
        values["statuses"] = [status.value for status in statuses]
    return ListQuery(_exchanges, (scope, own_unit_id is not None, bool(statuses)), values)


def _exchanges(dialect: str, shape: Shape) -> Select[Any]:
    scope, own, statuses = shape
    visible = within_scope(_E.org_path, scope)
    if own:
        visible = or_(visible, _E.unit_id == bindparam("own"))
    query = select(*EXCHANGE_COLUMNS).where(visible)
    if statuses:
        query = query.where(one_of(dialect, _E.status, "statuses", String()))
    return query


async def open_resources_of_units(
    connection: Connectable, unit_ids: Sequence[int]
) -> dict[int, list[ResourceRecord]]:
    """Each unit's open resources, in publication order (one statement for all)."""
    found: dict[int, list[ResourceRecord]] = {key: [] for key in unit_ids}
    for row in await _OPEN_OF_UNIT.rows(connection, unit_ids):
        resource = ResourceRecord(*row)
        found[resource.unit_id].append(resource)
    return found
