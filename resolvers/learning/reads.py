"""A member's study record 学习档案 and a subtree's completion 学习完成情况.

Who sees a member's study: the member themself, and who reads learning where their branch
is (a secretary over it); nobody else, other members included. A subtree's completion is
read from the kept figures (db/learning/tallies.py) beside the subtree's party members (the
member tallies), so it costs the same for a branch and for the city.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from db.base import china_day, utcnow
from db.learning.queries import (
    CREDIT_KEY,
    SESSION_KEY,
    CreditRecord,
    SessionRecord,
    StudyAccountRecord,
    check_in_days,
    credit_list,
    session_list,
    year_of_member,
)
from db.learning.tallies import YearFigures
from db.learning.writes import required_minutes
from db.members.models import PARTY_MEMBER_STATUSES
from db.members.queries import MemberRecord
from db.organizations.queries import OrganizationRecord
from db.pagination import Page, PageRequest, paginate
from resolvers.access import Permission
from resolvers.context import Context
from resolvers.errors import BadUserInput, not_found
from resolvers.learning.streaks import streak_today
from resolvers.members.reads import resolve_member_by_id
from resolvers.organizations.reads import (
    resolve_children,
    resolve_members_counts,
    resolve_organization_by_id,
)

RECENT_DAYS = 30
FIRST_YEAR = 2000


@dataclass(frozen=True, slots=True)
class StudyView:
    member: MemberRecord
    account: StudyAccountRecord | None
    year: int
    minutes: int
    required_minutes: int
    year_checkins: int
    today: date
    recent_days: list[date]

    @property
    def current_streak(self) -> int:
        if self.account is None:
            return 0
        return streak_today(self.account.last_checkin_day, self.account.current_streak, self.today)

    @property
    def checked_in_today(self) -> bool:
        return self.account is not None and self.account.last_checkin_day == self.today


def may_read_study(context: Context, member_id: int, org_path: str) -> bool:
    return context.viewer.acts_for_member(Permission.READ_LEARNING, member_id, org_path)


def _year(year: int | None, today: date) -> int:
    if year is None:
        return today.year
    if not FIRST_YEAR <= year <= today.year:
        raise BadUserInput(f"`year` must be between {FIRST_YEAR} and {today.year}.", field="year")
    return year


async def resolve_study(
    context: Context, member_id: int, year: int | None = None, *, now: datetime | None = None
) -> StudyView | None:
    """The member's study in the year (default: this one), if the viewer may read it."""
    context.require_account()
    member = await resolve_member_by_id(context, member_id)
    if member is None or not may_read_study(context, member.id, member.org_path):
        return None
    today = china_day(now or utcnow())
    chosen = _year(year, today)
    account = await context.loaders.learning.account.load(member.id)
    async with context.loaders.reads.read() as connection:
        minutes, checkins = await year_of_member(connection, member.id, chosen)
        required = await required_minutes(connection, chosen)
        recent = await check_in_days(connection, member.id, today - timedelta(days=RECENT_DAYS - 1))
    return StudyView(member, account, chosen, minutes, required, checkins, today, recent)


async def resolve_my_study(context: Context, year: int | None = None) -> StudyView | None:
    context.require_account()
    member_id = context.viewer.member_id
    return None if member_id is None else await resolve_study(context, member_id, year)


async def resolve_sessions(
    context: Context, member_id: int, request: PageRequest
) -> tuple[Page[SessionRecord], Callable[[], Awaitable[int]]]:
    """The member's sessions, oldest first (the caller has checked access)."""
    return await paginate(
        context.loaders.reads.read, session_list(member_id), SESSION_KEY, request, SessionRecord
    )


async def resolve_credits(
    context: Context, member_id: int, request: PageRequest
) -> tuple[Page[CreditRecord], Callable[[], Awaitable[int]]]:
    """The member's ledger entries, oldest first (the caller has checked access)."""
    return await paginate(
        context.loaders.reads.read, credit_list(member_id), CREDIT_KEY, request, CreditRecord
    )


async def resolve_session_by_id(context: Context, session_id: int) -> SessionRecord | None:
    context.require_account()
    row = await context.loaders.learning.study_session.load(session_id)
    return row if row and may_read_study(context, row.member_id, row.org_path) else None


async def resolve_credit_by_id(context: Context, entry_id: int) -> CreditRecord | None:
    context.require_account()
    row = await context.loaders.learning.credit.load(entry_id)
    return row if row and may_read_study(context, row.member_id, row.org_path) else None


@dataclass(frozen=True, slots=True)
class Completion:
    organization: OrganizationRecord
    figures: YearFigures
    members: int
    required_minutes: int


async def resolve_completion(
    context: Context, org_id: int, global_id: str, year: int | None, *, now: datetime | None = None
) -> Completion:
    """The subtree's study in the year (default: this one), from the kept figures."""
    context.require_account()
    chosen = _year(year, china_day(now or utcnow()))
    node = await resolve_organization_by_id(context, org_id)
    if node is None or not context.viewer.can(Permission.READ_LEARNING, node.path):
        raise not_found("organization whose study figures you may read", global_id, field="under")
    return (await _completions(context, [node], chosen))[0]


async def _completions(
    context: Context, nodes: Sequence[OrganizationRecord], year: int
) -> list[Completion]:
    """Each subtree's completion, its figures read in one batch for all of them."""
    if not nodes:
        return []
    counts = await resolve_members_counts(context, nodes, "status")
    learning = context.loaders.learning
    figures = await learning.year.load_many([(node.id, year) for node in nodes])
    required = await learning.requirement.load(year)
    completions: list[Completion] = []
    for node, by_status, kept in zip(nodes, counts, figures, strict=True):
        members = sum(by_status.get(status.value, 0) for status in PARTY_MEMBER_STATUSES)
        completions.append(Completion(node, kept, members, required))
    return completions


async def resolve_completion_children(
    context: Context, parent: Completion, request: PageRequest
) -> tuple[Page[Completion], Callable[[], Awaitable[int]]]:
    """The parent's child organisations' completion (the caller read the parent's, so the
    viewer reads learning there and in every child)."""
    page, count = await resolve_children(context, parent.organization, request)
    rows = await _completions(context, page.rows, parent.figures.year)
    return Page(rows, page.keys, page.has_next_page, page.has_previous_page), count
