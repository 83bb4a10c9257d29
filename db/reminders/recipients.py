"""Who a rule about an organisation reaches: the secretaries bound over it, and what a rule
has already reminded them of this period (so a rule returns only what is new)."""

from __future__ import annotations

from sqlalchemy import select

from db.accounts.models import AccountRow, Role, RoleBindingRow
from db.base import core_table
from db.organizations.models import OrganizationRow
from db.records import Connectable
from db.reminders.models import ReminderRow

_B = core_table(RoleBindingRow).c
_A = core_table(AccountRow).c
_O = core_table(OrganizationRow).c
_R = core_table(ReminderRow).c


async def secretary_bindings(connection: Connectable) -> list[tuple[int, str]]:
    """(account, organisation path) of every active account's secretary binding: a few per
    community, never a scan of members."""
    result = await connection.execute(
        select(_B.account_id, _O.path)
        .join(core_table(OrganizationRow), _O.id == _B.organization_id)
        .join(core_table(AccountRow), _A.id == _B.account_id)
        .where(_B.role == Role.SECRETARY, _A.is_active.is_(True))
        .order_by(_B.account_id, _O.path)
    )
    return [(int(account), str(path)) for account, path in result]


async def reminded_in_period(
    connection: Connectable, rule: str, period: str
) -> set[tuple[int, str]]:
    """(account, subject key) of what `rule` has reminded of for `period`."""
    result = await connection.execute(
        select(_R.account_id, _R.subject_key).where(_R.rule == rule, _R.period == period)
    )
    return {(int(account), str(key)) for account, key in result}
