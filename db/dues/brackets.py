"""The dues brackets shipped by default: the rules of 2008 (关于中国共产党党费收缴、使用和管理的
规定), in fen and basis points. Migration 0009 seeds the same rows; `ensure_default_brackets`
puts back what is missing (the demo seed, the city-scale load, the tests' fixtures)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.dues.models import DuesBracketRow, DuesCategory

EFFECTIVE_2008 = date(2008, 4, 1)

# (category, up to and including this base in fen (None: unbounded), rate in basis points of
# the whole base, or a fixed amount in fen)
RULES_OF_2008: list[tuple[DuesCategory, int | None, int | None, int | None]] = [
    (DuesCategory.IN_SERVICE, 300_000, 50, None),
    (DuesCategory.IN_SERVICE, 500_000, 100, None),
    (DuesCategory.IN_SERVICE, 1_000_000, 150, None),
    (DuesCategory.IN_SERVICE, None, 200, None),
    (DuesCategory.RETIRED, 500_000, 50, None),
    (DuesCategory.RETIRED, None, 100, None),
    (DuesCategory.STUDENT, None, None, 20),
    (DuesCategory.FARMER, None, None, 20),
    (DuesCategory.UNEMPLOYED, None, None, 20),
]


async def ensure_default_brackets(session: AsyncSession) -> None:
    """Insert the default brackets when no bracket of 2008 is there."""
    found = await session.scalar(
        select(DuesBracketRow.id).where(DuesBracketRow.effective_month == EFFECTIVE_2008).limit(1)
    )
    if found is not None:
        return
    await session.execute(
        insert(DuesBracketRow),
        [
            {
                "category": category,
                "effective_month": EFFECTIVE_2008,
                "up_to_fen": up_to,
                "rate_bp": rate,
                "fixed_fen": fixed,
            }
            for category, up_to, rate, fixed in RULES_OF_2008
        ],
    )
