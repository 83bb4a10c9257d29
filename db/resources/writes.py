"""Writes of the resource wall: resources, needs, and exchanges with their timelines.

Two writes are conditional, so concurrent writers cannot both act: an exchange step applies
only to the version it was decided on (`apply_exchange_step`), and a need is claimed only while
it is open (`claim_need`), however many units try at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.resources.models import (
    ExchangeAction,
    ExchangeRow,
    ExchangeStatus,
    ExchangeStepRow,
    NeedRow,
    NeedStatus,
    ResourceRow,
)
from db.resources.queries import ExchangeRecord


@dataclass(frozen=True, slots=True)
class ExchangeStep:
    action: ExchangeAction
    side: str
    from_status: ExchangeStatus | None
    to_status: ExchangeStatus
    actor_account_id: int | None
    actor_name: str | None
    note: str | None
    at: datetime


async def insert_resource(session: AsyncSession, values: Mapping[str, Any]) -> ResourceRow:
    row = ResourceRow(**values)
    session.add(row)
    await session.flush()
    return row


async def change_resource(
    session: AsyncSession, resource_id: int, version: int, values: Mapping[str, Any]
) -> ResourceRow | None:
    """Set the values if the resource is still at `version`; None when it changed meanwhile."""
    result = await session.execute(
        update(ResourceRow)
        .where(ResourceRow.id == resource_id, ResourceRow.version == version)
        .values(**values, version=version + 1)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return None
    return await session.get_one(ResourceRow, resource_id, populate_existing=True)


async def find_need(session: AsyncSession, account_id: int, key: str) -> NeedRow | None:
    """The need the account posted with this idempotency key, if any."""
    return await session.scalar(
        select(NeedRow).where(
            NeedRow.created_by_account_id == account_id, NeedRow.idempotency_key == key
        )
    )


async def insert_need(session: AsyncSession, values: Mapping[str, Any]) -> NeedRow:
    """A new need; the same account and idempotency key twice fails the transaction."""
    row = NeedRow(**values)
    session.add(row)
    await session.flush()
    return row


async def set_need_status(
    session: AsyncSession,
    need_id: int,
    to: NeedStatus,
    now: datetime,
    *,
    only_from: Sequence[NeedStatus],
) -> NeedRow | None:
    """Move the need to `to` if its status is one of `only_from`; None otherwise (another
    writer got there first), and nothing is written then."""
    result = await session.execute(
        update(NeedRow)
        .where(NeedRow.id == need_id, NeedRow.status.in_(only_from))
        .values(status=to, version=NeedRow.version + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return None
    return await session.get_one(NeedRow, need_id, populate_existing=True)


async def find_exchange(session: AsyncSession, account_id: int, key: str) -> ExchangeRow | None:
    return await session.scalar(
        select(ExchangeRow).where(
            ExchangeRow.created_by_account_id == account_id, ExchangeRow.idempotency_key == key
        )
    )


async def insert_exchange(
    session: AsyncSession, values: Mapping[str, Any], step: ExchangeStep
) -> ExchangeRow:
    row = ExchangeRow(**values)
    session.add(row)
    await session.flush()
    session.add(ExchangeStepRow(exchange_id=row.id, **asdict(step)))
    return row


async def apply_exchange_step(
    session: AsyncSession,
    row: ExchangeRecord,
    values: Mapping[str, Any],
    step: ExchangeStep,
) -> ExchangeRow | None:
    """Set `values` if the exchange is still at the version `row` was read at, and add the
    step; the exchange as it now is, or None when it changed meanwhile (nothing written)."""
    result = await session.execute(
        update(ExchangeRow)
        .where(ExchangeRow.id == row.id, ExchangeRow.version == row.version)
        .values(**values, version=row.version + 1, updated_at=step.at)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return None
    session.add(ExchangeStepRow(exchange_id=row.id, **asdict(step)))
    return await session.get_one(ExchangeRow, row.id, populate_existing=True)
