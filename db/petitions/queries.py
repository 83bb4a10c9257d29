"""Reads of petitions: by id, the filtered list a viewer may see, timelines and categories."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.base import core_table, utcnow
from db.departments.queries import dispatched_petitions
from db.paths import within_any
from db.petitions.models import (
    OPEN_STATUSES,
    CategoryKind,
    PetitionAction,
    PetitionCategoryRow,
    PetitionChannel,
    PetitionRow,
    PetitionStatus,
    PetitionStepRow,
)
from db.records import ByKeys, record_columns


@dataclass(frozen=True, slots=True)
class PetitionRecord:
    """A petition as read, contact details included (masking is the resolvers' job)."""

    id: int
    title: str
    content: str
    category_id: int
    channel: PetitionChannel
    status: PetitionStatus
    grid_id: int
    org_path: str
    handling_org_id: int
    handling_org_path: str
    handler_account_id: int | None
    handler_name: str | None
    submitter_account_id: int | None
    created_by_account_id: int
    anonymous: bool
    contact_name: str | None
    contact_phone: str | None
    version: int
    day: date
    deadline_at: datetime
    overdue_at: datetime | None
    escalations: int
    level_deadline_at: datetime | None
    supervisions: int
    supervised_at: datetime | None
    supervisor_name: str | None
    supervision_note: str | None
    master_id: int | None
    reporters: int
    resolution: str | None
    resolved_at: datetime | None
    handling_seconds: int | None
    satisfaction: int | None
    rating_comment: str | None
    reject_reason: str | None
    closed_at: datetime | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class CategoryRecord:
    id: int
    parent_id: int | None
    code: str
    name: str
    kind: CategoryKind
    deadline_hours: int
    retired_at: datetime | None
    created_at: datetime
    default_department: str | None
    instant_answer: bool


@dataclass(frozen=True, slots=True)
class StepRecord:
    id: int
    petition_id: int
    action: PetitionAction
    from_status: PetitionStatus | None
    to_status: PetitionStatus
    actor_account_id: int | None
    actor_name: str | None
    organization_id: int | None
    note: str | None
    at: datetime


COLUMNS = record_columns(PetitionRecord, PetitionRow)
CATEGORY_COLUMNS = record_columns(CategoryRecord, PetitionCategoryRow)
STEP_COLUMNS = record_columns(StepRecord, PetitionStepRow)
_PETITIONS = core_table(PetitionRow).c
_CATEGORIES = core_table(PetitionCategoryRow).c
_STEPS = core_table(PetitionStepRow).c
PETITION_KEY = _PETITIONS.id
_ALL = select(*COLUMNS)
_BY_ID = ByKeys(lambda keys: select(*COLUMNS).where(keys), _PETITIONS.id)
_STEPS_OF = ByKeys(
    lambda keys: select(*STEP_COLUMNS).where(keys).order_by(_STEPS.petition_id, _STEPS.id),
    _STEPS.petition_id,
)
_CATEGORY_BY_ID = ByKeys(lambda keys: select(*CATEGORY_COLUMNS).where(keys), _CATEGORIES.id)


async def petitions_by_ids(
    connection: AsyncConnection, ids: Sequence[int]
) -> dict[int, PetitionRecord]:
    return {row[0]: PetitionRecord(*row) for row in await _BY_ID.rows(connection, ids)}


async def steps_by_petition(
    connection: AsyncConnection, petition_ids: Sequence[int]
) -> dict[int, list[StepRecord]]:
    """Each petition's timeline, oldest step first (one statement for all)."""
    found: dict[int, list[StepRecord]] = {key: [] for key in petition_ids}
    for row in await _STEPS_OF.rows(connection, petition_ids):
        step = StepRecord(*row)
        found[step.petition_id].append(step)
    return found


async def categories_by_ids(
    connection: AsyncConnection, ids: Sequence[int]
) -> dict[int, CategoryRecord]:
    rows = await _CATEGORY_BY_ID.rows(connection, ids)
    return {row[0]: CategoryRecord(*row) for row in rows}


async def all_categories(connection: AsyncConnection) -> list[CategoryRecord]:
    query = select(*CATEGORY_COLUMNS).order_by(_CATEGORIES.id)
    return [CategoryRecord(*row) for row in await connection.execute(query)]


def visible_to(
    roots: Sequence[str], account_id: int | None, department_id: int | None = None
) -> ColumnElement[bool]:
    """Petitions of a grid or handled by an organisation in the subtrees at `roots`, or
    raised by `account_id`, or dispatched to `department_id`: index ranges on both paths, or
    one's own, or the department's."""
    return _visible_to(tuple(roots), account_id, department_id)


@lru_cache(maxsize=4096)  # a viewer's, request after request (expressions are immutable)
def _visible_to(
    roots: tuple[str, ...], account_id: int | None, department_id: int | None
) -> ColumnElement[bool]:
    return or_(
        within_any(_PETITIONS.org_path, roots),
        within_any(_PETITIONS.handling_org_path, roots),
        _PETITIONS.submitter_account_id == account_id if account_id is not None else false(),
        _PETITIONS.id.in_(dispatched_petitions(department_id))
        if department_id is not None
        else false(),
    )


@lru_cache(maxsize=4096)
def _held_under(path: str) -> ColumnElement[bool]:
    """Raised in, or handled by, the subtree at `path`."""
    return or_(
        within_any(_PETITIONS.org_path, [path]),
        within_any(_PETITIONS.handling_org_path, [path]),
    )


def raised_outside(account_id: int, path: str) -> ColumnElement[bool]:
    """Petitions the account raised that the subtree at `path` neither raised nor handles."""
    return and_(_PETITIONS.submitter_account_id == account_id, not_(_held_under(path)))


@dataclass(frozen=True, slots=True)
class PetitionFilter:
    """What a client may narrow a petition list by (all optional)."""

    statuses: Sequence[PetitionStatus] = ()
    category_ids: Sequence[int] = ()
    channels: Sequence[PetitionChannel] = ()
    kinds: Sequence[CategoryKind] = ()
    overdue: bool | None = None
    supervised: bool | None = None
    since: date | None = None
    until: date | None = None
    search: str | None = None

    def kept(self) -> bool:
        """Whether kept figures answer its count: statuses, categories, kinds (the held
        counts) and a window of days (the day tallies) only."""
        return not (
            self.channels or self.overdue is not None or self.supervised is not None or self.search
        )


def petition_list(
    visible: ColumnElement[bool],
    narrow: PetitionFilter,
    *,
    under: str | None = None,
    submitter_account_id: int | None = None,
) -> Select[Any]:
    """Petitions meeting `visible` and the filter, raised in or handled under the path
    `under`, raised by `submitter_account_id`; page it by PETITION_KEY."""
    query = _ALL.where(visible)
    if under is not None:
        query = query.where(_held_under(under))
    if submitter_account_id is not None:
        query = query.where(_PETITIONS.submitter_account_id == submitter_account_id)
    if narrow.statuses:
        query = query.where(_PETITIONS.status.in_(narrow.statuses))
    if narrow.category_ids:
        query = query.where(_PETITIONS.category_id.in_(narrow.category_ids))
    if narrow.kinds:
        of_kinds = select(_CATEGORIES.id).where(_CATEGORIES.kind.in_(narrow.kinds))
        query = query.where(_PETITIONS.category_id.in_(of_kinds))
    if narrow.channels:
        query = query.where(_PETITIONS.channel.in_(narrow.channels))
    if narrow.overdue is not None:
        late = _PETITIONS.status.in_(OPEN_STATUSES) & (_PETITIONS.deadline_at < utcnow())
        query = query.where(late if narrow.overdue else ~late)
    if narrow.supervised is not None:
        supervised = _PETITIONS.supervised_at.is_not(None)
        query = query.where(supervised if narrow.supervised else ~supervised)
    if narrow.since is not None:
        query = query.where(_PETITIONS.day >= narrow.since)
    if narrow.until is not None:
        query = query.where(_PETITIONS.day <= narrow.until)
    if narrow.search:
        text = narrow.search.strip()
        query = query.where(
            or_(
                _PETITIONS.title.contains(text, autoescape=True),
                _PETITIONS.content.contains(text, autoescape=True),
            )
        )
    return query
