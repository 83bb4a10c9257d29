"""Reads of petitions: by id, the filtered list a viewer may see, timelines and categories."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.base import core_table
from db.petitions.models import (
    CategoryKind,
    PetitionAction,
    PetitionCategoryRow,
    PetitionChannel,
    PetitionRow,
    PetitionStatus,
    PetitionStepRow,
)
from db.records import ByKeys, record_columns, row_record


@row_record
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


@row_record
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


@row_record
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
