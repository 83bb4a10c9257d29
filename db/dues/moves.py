"""A member's dues moving with them to another branch (组织关系转接): the account, its ledger
and the kept figures they count towards.

The subtree figures (db/dues/tallies.py) count an account's months due where the account is
and each ledger entry where it was paid (the recount in tests/test_dues_tallies.py). So the
account and every entry move to the new branch, and the member's share of the figures moves
from the old branch's ancestors to the new one's (the common ancestors net to nothing and are
not written), as a subtree's figures move with the subtree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.dues.models import DuesAccountRow, DuesPaymentMonthRow, DuesPaymentRow, PaymentKind
from db.dues.tallies import Change, add_to_dues_tallies
from db.dues.writes import lock_account

# (month, opened, due_fen_delta): what the member's own declarations added to the figures
DueChange = tuple[date, int, int]


async def move_dues_account(
    session: AsyncSession,
    member_id: int,
    organization_id: int,
    new_path: str,
    due_changes: Sequence[DueChange],
) -> bool:
    """Move the member's account and ledger to the branch at `new_path` with their figures;
    False when the member has no account (nothing to move)."""
    account = await lock_account(session, member_id)
    if account is None:
        return False
    old_path = account.org_path
    if old_path == new_path:
        return True
    p, m = DuesPaymentRow, DuesPaymentMonthRow
    lines = await session.execute(
        select(m.month, p.kind, m.amount_fen)
        .join(p, p.id == m.payment_id)
        .where(p.member_id == member_id)
    )
    changes: list[Change] = []
    for month, opened, delta in due_changes:
        changes += [
            (old_path, month, -opened, -delta, 0, 0),
            (new_path, month, opened, delta, 0, 0),
        ]
    for month, kind, fen in lines:
        count = 1 if kind is PaymentKind.PAYMENT else -1
        changes += [(old_path, month, 0, 0, -count, -fen), (new_path, month, 0, 0, count, fen)]
    await add_to_dues_tallies(session, changes)
    moved = {"organization_id": organization_id, "org_path": new_path}
    await session.execute(
        update(DuesAccountRow)
        .where(DuesAccountRow.member_id == member_id)
        .values(moved)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(DuesPaymentRow)
        .where(DuesPaymentRow.member_id == member_id)
        .values(moved)
        .execution_options(synchronize_session=False)
    )
    return True
