"""Reads for the development reminder rule: people whose next pipeline step becomes possible
by a day (activists after their year, probationary members at the end of probation) with a
secretary above them whom the rule has not reminded of it yet, and those secretaries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, exists, literal, or_, select

from db.accounts.models import AccountRow, Role, RoleBindingRow
from db.base import UtcDateTime, core_table
from db.development.models import DevelopmentRow
from db.engine import Session
from db.members.models import MemberRow, MemberStatus
from db.organizations.models import OrganizationRow
from db.reminders.models import ReminderRow

LIMIT = 2000
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class DueCandidate:
    """A person who may be due: the funnel's dates, their name and branch path."""

    member_id: int
    name: str
    org_path: str
    status: MemberStatus
    join_date: date | None
    activist_since: date | None
    probation_ends_on: date | None


_M = core_table(MemberRow).c
_D = core_table(DevelopmentRow).c
_R = core_table(ReminderRow).c


async def due_candidates(
    session: Session, rule: str, latest_start: date, by: date, due_at: datetime
) -> list[DueCandidate]:
    """Activists since `latest_start` or earlier, and probationary members whose probation
    ends by `by` (or, without a recorded end, who joined by `latest_start`), whom `rule` has
    not reminded of being due at `due_at`; at most LIMIT, in id order. The caller applies the
    exact date rule (a year's edge days)."""
    reminded = exists().where(
        _R.rule == rule, _R.subject_id == _M.id, _R.due_at == literal(due_at, UtcDateTime())
    )
    # someone to remind: an active secretary bound above them (else they would be found on
    # every run, and could crowd out, under LIMIT, those who have one)
    o, b = core_table(OrganizationRow).c, core_table(RoleBindingRow).c
    a = core_table(AccountRow).c
    heard = exists().where(
        b.organization_id == o.id,
        b.role == Role.SECRETARY,
        a.id == b.account_id,
        a.is_active.is_(True),
        _M.org_path.like(o.path + "%"),  # paths hold digits and slashes only
    )
    query = (
        select(
            _M.id,
            _M.name,
            _M.org_path,
            _M.status,
            _M.join_date,
            _D.activist_since,
            _D.probation_ends_on,
        )
        .select_from(core_table(MemberRow).outerjoin(core_table(DevelopmentRow)))
        .where(
            or_(
                and_(_M.status == MemberStatus.ACTIVIST, _D.activist_since <= latest_start),
                and_(
                    _M.status == MemberStatus.PROBATIONARY,
                    or_(
                        _D.probation_ends_on <= by,
                        and_(_D.probation_ends_on.is_(None), _M.join_date <= latest_start),
                    ),
                ),
            ),
            ~reminded,
            heard,
        )
        .order_by(_M.id)
        .limit(LIMIT)
    )
    return [DueCandidate(*row) for row in await session.execute(query)]


async def secretaries_at(session: Session, paths: Iterable[str]) -> dict[str, list[int]]:
    """The accounts holding a secretary binding on each of the organisations at `paths`
    (those with none are absent)."""
    wanted = sorted(set(paths))
    found: dict[str, list[int]] = {}
    for start in range(0, len(wanted), _CHUNK):
        rows = await session.execute(
            select(OrganizationRow.path, RoleBindingRow.account_id)
            .join(RoleBindingRow, RoleBindingRow.organization_id == OrganizationRow.id)
            .join(AccountRow, AccountRow.id == RoleBindingRow.account_id)
            .where(
                RoleBindingRow.role == Role.SECRETARY,
                AccountRow.is_active.is_(True),
                OrganizationRow.path.in_(wanted[start : start + _CHUNK]),
            )
            .order_by(OrganizationRow.path, RoleBindingRow.account_id)
        )
        for path, account_id in rows:
            found.setdefault(path, []).append(account_id)
    return found
