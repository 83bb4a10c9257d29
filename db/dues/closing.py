"""A member's dues account closed when they leave the platform 组织关系转出: nothing is due
after the month they left, and the kept figures (db/dues/tallies.py) stop counting them from
the next month on; the account, its ledger and the months paid stay as they were (the record
of what they paid here), and what they owed up to the month they left stays owed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from db.dues.models import DuesAccountRow
from db.dues.moves import DueChange
from db.dues.tallies import Change, add_to_dues_tallies
from db.dues.writes import lock_account


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


async def close_dues_account(
    session: AsyncSession, member_id: int, last_month: date, due_changes: Sequence[DueChange]
) -> bool:
    """Close the member's account after `last_month` (its first day), taking their share of
    the months due from the next month on out of the kept figures; False when the member has
    no account (nothing is due)."""
    account = await lock_account(session, member_id)
    if account is None:
        return False
    after = _next_month(last_month)
    # What the member's declarations count for from `after` on: the sum of those up to it,
    # taken away at `after`, and each later one taken away at its own month.
    opened = sum(count for month, count, _ in due_changes if month <= after)
    due = sum(delta for month, _, delta in due_changes if month <= after)
    changes: list[Change] = [(account.org_path, after, -opened, -due, 0, 0)]
    changes += [
        (account.org_path, month, -count, -delta, 0, 0)
        for month, count, delta in due_changes
        if month > after
    ]
    await add_to_dues_tallies(session, changes)
    await session.execute(
        update(DuesAccountRow)
        .where(DuesAccountRow.member_id == member_id)
        .values(closed_month=last_month)
        .execution_options(synchronize_session=False)
    )
    return True
