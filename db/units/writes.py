"""Writes of co-building units: registering a unit, signing agreements, binding accounts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.units.models import AgreementRow, UnitAccountRow, UnitRow


async def insert_unit(session: AsyncSession, values: Mapping[str, Any]) -> UnitRow:
    """A new unit; a taken name fails the transaction."""
    row = UnitRow(**values)
    session.add(row)
    await session.flush()
    return row


async def insert_agreement(session: AsyncSession, values: Mapping[str, Any]) -> AgreementRow:
    """A new agreement; the same unit, community and start day twice fails the transaction."""
    row = AgreementRow(**values)
    session.add(row)
    await session.flush()
    return row


async def bind_unit_account(session: AsyncSession, account_id: int, unit_id: int) -> UnitRow:
    """The account acts for the unit from now on; an account already bound fails."""
    await session.execute(insert(UnitAccountRow).values(account_id=account_id, unit_id=unit_id))
    return await session.get_one(UnitRow, unit_id)
