"""Transfer writes: the request, and each later step as a conditional update on the version
the actor saw (nothing is written when it changed meanwhile), with its timeline step."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.transfers.models import (
    OPEN_STATUSES,
    TransferAction,
    TransferRow,
    TransferStatus,
    TransferStepRow,
)


@dataclass(frozen=True, slots=True)
class Step:
    action: TransferAction
    from_status: TransferStatus | None
    to_status: TransferStatus
    actor_account_id: int | None
    at: datetime
    note: str | None = None


def _add_step(session: AsyncSession, transfer_id: int, step: Step) -> None:
    session.add(
        TransferStepRow(
            transfer_id=transfer_id,
            action=step.action,
            from_status=step.from_status,
            to_status=step.to_status,
            actor_account_id=step.actor_account_id,
            note=step.note,
            at=step.at,
        )
    )


async def open_transfer_of(session: AsyncSession, member_id: int) -> int | None:
    """The member's open transfer, if any (call with the member locked: one at a time)."""
    return await session.scalar(
        select(TransferRow.id).where(
            TransferRow.member_id == member_id, TransferRow.status.in_(OPEN_STATUSES)
        )
    )


async def insert_transfer(
    session: AsyncSession, values: Mapping[str, Any], step: Step
) -> TransferRow:
    row = TransferRow(**values, status=step.to_status, requested_at=step.at, version=1)
    session.add(row)
    await session.flush()
    _add_step(session, row.id, step)
    await session.flush()
    return row


async def apply_transfer_step(
    session: AsyncSession, transfer_id: int, version: int, values: Mapping[str, Any], step: Step
) -> TransferRow | None:
    """Set `values` and the step's status if the transfer is still at `version`, and add the
    step; the transfer as it now is, or None when it changed meanwhile (nothing written)."""
    result = await session.execute(
        update(TransferRow)
        .where(TransferRow.id == transfer_id, TransferRow.version == version)
        .values(**values, status=step.to_status, version=version + 1, updated_at=step.at)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        return None
    _add_step(session, transfer_id, step)
    await session.flush()
    return await session.get_one(TransferRow, transfer_id, populate_existing=True)
