"""Reads for the transfers' reminder rule: transfers the destination has not answered within
its limit, with the secretaries who should answer (those bound at the destination branch or
at the organisation right above it, which runs a grid's branches), not yet reminded."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from db.accounts.models import Role, RoleBindingRow
from db.engine import Session
from db.members.models import MemberRow
from db.organizations.models import OrganizationRow
from db.reminders.queries import not_yet_reminded
from db.transfers.models import TransferRow, TransferStatus

LIMIT = 1000


async def unanswered_transfers(
    session: Session, rule: str, now: datetime
) -> list[tuple[int, str, str, datetime, int]]:
    """(transfer id, member name, destination name, answer due, secretary account) for each
    approved transfer past its answer date and each secretary of its destination whom `rule`
    has not reminded of it, the longest overdue first, at most LIMIT."""
    destination = aliased(OrganizationRow)
    t = TransferRow
    query = (
        select(t.id, MemberRow.name, destination.name, t.answer_due_at, RoleBindingRow.account_id)
        .join(MemberRow, MemberRow.id == t.member_id)
        .join(destination, destination.id == t.destination_branch_id)
        .join(
            RoleBindingRow,
            or_(
                RoleBindingRow.organization_id == destination.id,
                RoleBindingRow.organization_id == destination.parent_id,
            ),
        )
        .where(
            t.status == TransferStatus.APPROVED,
            t.answer_due_at < now,
            RoleBindingRow.role == Role.SECRETARY,
            not_yet_reminded(rule, RoleBindingRow.account_id, t.id, t.answer_due_at),
        )
        .order_by(t.answer_due_at, t.id, RoleBindingRow.account_id)
        .limit(LIMIT)
    )
    return [
        (transfer_id, member, place, due, account_id)
        for transfer_id, member, place, due, account_id in await session.execute(query)
        if due is not None  # always: approved transfers within the city have a due date
    ]
