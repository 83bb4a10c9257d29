"""Reads of transfers: by id, the lists of either side (and a member's own), timelines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, String, bindparam, false, or_, select

from db.base import core_table
from db.list_shapes import ListQuery, Shape, one_of, scope_values, within_scope
from db.paths import within_any
from db.records import ByKeys, Connectable, record_columns, row_record
from db.transfers.models import TransferAction, TransferRow, TransferStatus, TransferStepRow


@row_record
class TransferRecord:
    id: int
    member_id: int
    source_branch_id: int
    source_path: str
    destination_branch_id: int | None
    destination_path: str | None
    destination_text: str | None
    reason: str
    status: TransferStatus
    letter_number: str | None
    return_reason: str | None
    requested_at: datetime
    approved_at: datetime | None
    answer_due_at: datetime | None
    finished_at: datetime | None
    version: int


@row_record
class TransferStepRecord:
    id: int
    transfer_id: int
    action: TransferAction
    from_status: TransferStatus | None
    to_status: TransferStatus
    actor_account_id: int | None
    note: str | None
    at: datetime


COLUMNS = record_columns(TransferRecord, TransferRow)
STEP_COLUMNS = record_columns(TransferStepRecord, TransferStepRow)
_T = core_table(TransferRow).c
_S = core_table(TransferStepRow).c
TRANSFER_KEY = _T.id
STEP_KEY = _S.id
_BY_ID = ByKeys(lambda keys: select(*COLUMNS).where(keys), _T.id)


async def transfers_by_ids(
    connection: Connectable, ids: Sequence[int]
) -> dict[int, TransferRecord]:
    return {row[0]: TransferRecord(*row) for row in await _BY_ID.rows(connection, ids)}


@dataclass(frozen=True, slots=True)
class TransferFilter:
    incoming: bool = True  # those whose destination lies in the roots
    outgoing: bool = True  # those whose source lies in the roots
    statuses: Sequence[TransferStatus] = ()
    out_of_platform: bool | None = None  # None: both kinds


def transfer_list(
    roots: Sequence[str], narrow: TransferFilter, member_id: int | None = None
) -> ListQuery:
    """Transfers from or to the subtrees (as the filter says), and the member's own when
    `member_id` is given; page by TRANSFER_KEY."""
    scope, values = scope_values(roots)
    if member_id is not None:
        values["member"] = member_id
    if narrow.statuses:
        values["statuses"] = [status.value for status in narrow.statuses]
    shape = (
        scope,
        narrow.outgoing,
        narrow.incoming,
        member_id is not None,
        bool(narrow.statuses),
        narrow.out_of_platform,
    )
    return ListQuery(_transfers, shape, values)


def _transfers(dialect: str, shape: Shape) -> Select[Any]:
    scope, outgoing, incoming, own, statuses, out_of_platform = shape
    sides: list[ColumnElement[bool]] = []
    if outgoing:
        sides.append(within_scope(_T.source_path, scope))
    if incoming:
        sides.append(within_scope(_T.destination_path, scope))
    if own:
        sides.append(_T.member_id == bindparam("member"))
    query = select(*COLUMNS).where(or_(*sides) if sides else false())
    if statuses:
        query = query.where(one_of(dialect, _T.status, "statuses", String()))
    if out_of_platform is not None:
        out = _T.destination_branch_id.is_(None)
        query = query.where(out if out_of_platform else ~out)
    return query


def step_list(transfer_id: int) -> ListQuery:
    """A transfer's timeline, oldest first; page by STEP_KEY."""
    return ListQuery(_steps, (), {"transfer": transfer_id})


def _steps(dialect: str, shape: Shape) -> Select[Any]:
    return select(*STEP_COLUMNS).where(_S.transfer_id == bindparam("transfer"))


async def any_transfer_under(connection: Connectable, path: str) -> bool:
    """Whether a transfer leaves a branch of the subtree (the demo seeds its own once)."""
    found = await connection.execute(
        select(_T.id).where(within_any(_T.source_path, [path])).limit(1)
    )
    return found.first() is not None
