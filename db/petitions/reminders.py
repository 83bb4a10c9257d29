"""Reads for the petitions' reminder rules: open petitions with a handler whose deadline comes
within a window (the (status, level_deadline_at) index serves it). The deadline that matters
to a handler is the one of the level holding the petition: the category's at the grid, the
level's own after an escalation, the one an upper level set when supervising it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from db.accounts.models import AccountRow, Role, RoleBindingRow
from db.engine import Session
from db.paths import path_ids
from db.petitions.models import OPEN_STATUSES, PetitionRow
from db.reminders.queries import not_yet_reminded

LIMIT = 1000


async def handled_petitions_due(
    session: Session, rule: str, now: datetime, until: datetime
) -> list[tuple[int, str, int, datetime]]:
    """(id, title, handler account, deadline) of open, not yet overdue petitions with a handler
    whose deadline lies in [now, until) and who has not been reminded of it by `rule`, the
    soonest first, at most LIMIT."""
    query = (
        select(
            PetitionRow.id,
            PetitionRow.title,
            PetitionRow.handler_account_id,
            PetitionRow.level_deadline_at,
        )
        .where(
            PetitionRow.status.in_(OPEN_STATUSES),
            PetitionRow.level_deadline_at >= now,
            PetitionRow.level_deadline_at < until,
            PetitionRow.handler_account_id.is_not(None),
            not_yet_reminded(
                rule, PetitionRow.handler_account_id, PetitionRow.id, PetitionRow.level_deadline_at
            ),
        )
        .order_by(PetitionRow.level_deadline_at)
        .limit(LIMIT)
    )
    return [
        (petition_id, title, handler, deadline)
        for petition_id, title, handler, deadline in await session.execute(query)
        if handler is not None and deadline is not None  # always: the query asks for both
    ]


async def nearest_handlers(
    session: Session, path: str, roles: Sequence[Role], *, exclude: int | None = None
) -> list[int]:
    """The active accounts with one of `roles` (those that handle petitions) bound at the
    organisation at `path`, or, when nobody is, at the nearest organisation above it that has
    some (their subtree holds it too): who hears of a petition arriving there. `exclude` (the
    person acting) is never among them."""
    ids = path_ids(path)
    query = (
        select(RoleBindingRow.organization_id, RoleBindingRow.account_id)
        .join(AccountRow, AccountRow.id == RoleBindingRow.account_id)
        .where(
            RoleBindingRow.organization_id.in_(ids),
            RoleBindingRow.role.in_(list(roles)),
            AccountRow.is_active.is_(True),
        )
    )
    if exclude is not None:
        query = query.where(RoleBindingRow.account_id != exclude)
    found: dict[int, set[int]] = {}
    for organization_id, account_id in await session.execute(query):
        found.setdefault(organization_id, set()).add(account_id)
    for organization_id in reversed(ids):
        if organization_id in found:
            return sorted(found[organization_id])
    return []
