"""Reads of the development pipeline: a person's record, contacts, trainings and timeline,
and the rows the funnel is computed from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Dialect, Select, String, bindparam, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.accounts.models import AccountRow
from db.base import core_table
from db.compiled_reads import CompiledRead, compile_read, dialect_of
from db.development.models import (
    DevelopmentAction,
    DevelopmentContactRow,
    DevelopmentRow,
    DevelopmentStepRow,
    DevelopmentTrainingRow,
)
from db.list_shapes import ListQuery, Shape, one_of, scope_values, within_scope
from db.members.models import MemberRow, MemberStatus
from db.records import field_names, record_columns, row_record


@row_record
class DevelopmentRecord:
    member_id: int
    applied_on: date | None
    activist_since: date | None
    target_since: date | None
    political_review_on: date | None
    political_review_conclusion: str | None
    vote_on: date | None
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    approved_on: date | None
    probation_since: date | None
    probation_ends_on: date | None
    probation_extended: bool
    full_since: date | None
    cancelled_on: date | None


EMPTY = DevelopmentRecord(member_id=0, probation_extended=False, **dict.fromkeys(
    ("applied_on", "activist_since", "target_since", "political_review_on",
     "political_review_conclusion", "vote_on", "votes_for", "votes_against", "votes_abstain",
     "approved_on", "probation_since", "probation_ends_on", "full_since", "cancelled_on"),
))  # fmt: skip


@row_record
class TrainingRecord:
    id: int
    member_id: int
    held_on: date
    topic: str
    hours: int


@row_record
class StepRecord:
    id: int
    member_id: int
    action: DevelopmentAction
    from_status: str
    to_status: str
    effective_on: date
    actor_id: int | None
    recorded_at: datetime
    note: str | None
    actor_name: str | None = None


_RECORD = select(*record_columns(DevelopmentRecord, DevelopmentRow))
_D = core_table(DevelopmentRow).c
_TRAININGS = select(*record_columns(TrainingRecord, DevelopmentTrainingRow))
_T = core_table(DevelopmentTrainingRow).c
_S = core_table(DevelopmentStepRow).c
_A = core_table(AccountRow).c
STEPS = select(
    *[_S[name] for name in field_names(StepRecord) if name != "actor_name"], _A.display_name
).select_from(core_table(DevelopmentStepRow).outerjoin(core_table(AccountRow)))
STEP_KEY = _S.id
_C = core_table(DevelopmentContactRow).c


async def development_record(connection: AsyncConnection, member_id: int) -> DevelopmentRecord:
    """The person's record; an empty one (every date null) when no step was taken yet."""
    row = (await connection.execute(_RECORD.where(_D.member_id == member_id))).first()
    if row is None:
        return replace(EMPTY, member_id=member_id)
    return DevelopmentRecord(*row)


async def contacts_of(connection: AsyncConnection, member_id: int) -> list[int]:
    found = await connection.execute(
        select(_C.contact_id).where(_C.member_id == member_id).order_by(_C.contact_id)
    )
    return [row[0] for row in found]


async def trainings_of(connection: AsyncConnection, member_id: int) -> list[TrainingRecord]:
    found = await connection.execute(
        _TRAININGS.where(_T.member_id == member_id).order_by(_T.held_on, _T.id)
    )
    return [TrainingRecord(*row) for row in found]


def timeline(member_id: int) -> ListQuery:
    """A person's development steps, page them by STEP_KEY (the order they were taken)."""
    return ListQuery(_steps, (), {"member": member_id})


def _steps(dialect: str, shape: Shape) -> Select[Any]:
    return STEPS.where(_S.member_id == bindparam("member"))


@dataclass(frozen=True, slots=True)
class FunnelRow:
    """One person at a funnel stage, with the dates the funnel reads."""

    member_id: int
    status: MemberStatus
    status_changed_at: datetime
    join_date: date | None
    applied_on: date | None
    activist_since: date | None
    target_since: date | None
    probation_since: date | None
    probation_ends_on: date | None


_M = core_table(MemberRow).c
FUNNEL_STATUSES = (
    MemberStatus.APPLICANT,
    MemberStatus.ACTIVIST,
    MemberStatus.DEVELOPMENT_TARGET,
    MemberStatus.PROBATIONARY,
)
_FUNNEL = select(
    _M.id,
    _M.status,
    _M.status_changed_at,
    _M.join_date,
    _D.applied_on,
    _D.activist_since,
    _D.target_since,
    _D.probation_since,
    _D.probation_ends_on,
).select_from(core_table(MemberRow).outerjoin(core_table(DevelopmentRow)))
_FUNNEL_VALUES = {"statuses": [status.value for status in FUNNEL_STATUSES]}


@lru_cache(maxsize=64)
def _funnel_read(dialect: Dialect, scope: int) -> CompiledRead:
    """The funnel's statement for `scope` subtrees, compiled once: a request binds its values."""
    statuses = one_of(dialect.name, _M.status, "statuses", String())
    return compile_read(_FUNNEL.where(statuses, within_scope(_M.org_path, scope)), dialect)


async def funnel_rows(connection: AsyncConnection, roots: Sequence[str]) -> list[FunnelRow]:
    """Everyone on the way and on probation in the subtrees at `roots` (one statement)."""
    scope, values = scope_values(roots)
    read = _funnel_read(dialect_of(connection), scope)
    return [FunnelRow(*row) for row in await read.rows(connection, values | _FUNNEL_VALUES)]
