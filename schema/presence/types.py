"""Presence types: a member's presence 在场 over a window of months, month by month."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from operator import attrgetter
from typing import TypeVar

import strawberry

from db.presence.queries import PresenceFigures
from db.presence.queries import PresenceMonth as MonthRecord
from resolvers.presence.reads import Presence, resolve_figures, resolve_months
from schema.info import Info
from schema.members.types import Member
from schema.plain_fields import direct

T = TypeVar("T")
_MEETINGS = attrgetter("meetings")
_DUES_MONTHS = attrgetter("dues_months")
_CHECK_INS = attrgetter("check_ins")
_PRESENT_MONTHS = attrgetter("present_months")


def month_text(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def _last_present_month(figures: PresenceFigures) -> str | None:
    last = figures.last_present_month
    return None if last is None else month_text(last)


def _figure(
    info: Info, presence: Presence, pick: Callable[[PresenceFigures], T]
) -> Awaitable[T] | T:
    """One of the member's figures: at once when the page has read them."""
    figures = resolve_figures(info.context, presence)
    if isinstance(figures, PresenceFigures):
        return pick(figures)
    return _picked(figures, pick)


async def _picked(figures: Awaitable[PresenceFigures], pick: Callable[[PresenceFigures], T]) -> T:
    return pick(await figures)


@strawberry.type(description="One month of a member's presence 月度在场.")
class PresenceMonth:
    month: str = strawberry.field(description="The month 月份 (YYYY-MM).")
    meetings_attended: int = strawberry.field(description="Meetings checked in at 参加组织生活.")
    dues_months_paid: int = strawberry.field(description="Its dues paid 党费已缴 (0 or 1).")
    check_ins: int = strawberry.field(description="Activity check-ins 活动签到.")


@strawberry.type(
    description="A member's presence 在场 over the last months (this month and the ones "
    "before it): meetings attended, dues months paid, check-ins at activities; from kept "
    "figures."
)
class MemberPresence:
    presence: strawberry.Private[Presence]
    months: int = strawberry.field(description="The window's length in months 统计月数.")
    since: str = strawberry.field(description="The window's first month 起始月份 (YYYY-MM).")

    @classmethod
    def of(cls, presence: Presence) -> MemberPresence:
        return cls(presence=presence, months=presence.months, since=month_text(presence.since))

    @strawberry.field(description="The member 党员.")
    @direct  # once per listed member
    def member(self) -> Member:
        return Member.from_row(self.presence.member)

    @strawberry.field(
        description="Meetings checked in at in the window 参加组织生活次数.", graphql_type=int
    )
    @direct  # once per listed member
    def meetings_attended(self, info: Info) -> Awaitable[int] | int:
        return _figure(info, self.presence, _MEETINGS)

    @strawberry.field(
        description="Months of the window whose dues are paid 党费已缴月数.", graphql_type=int
    )
    @direct  # once per listed member
    def dues_months_paid(self, info: Info) -> Awaitable[int] | int:
        return _figure(info, self.presence, _DUES_MONTHS)

    @strawberry.field(
        description="Check-ins at activities in the window 活动签到次数.", graphql_type=int
    )
    @direct  # once per listed member
    def check_ins(self, info: Info) -> Awaitable[int] | int:
        return _figure(info, self.presence, _CHECK_INS)

    @strawberry.field(
        description="Months of the window with any presence 在场月数.", graphql_type=int
    )
    @direct  # once per listed member
    def present_months(self, info: Info) -> Awaitable[int] | int:
        return _figure(info, self.presence, _PRESENT_MONTHS)

    @strawberry.field(
        description="The last month with any presence 最近在场月份 (YYYY-MM), also before the "
        "window; null if none is known.",
        graphql_type=str | None,
    )
    @direct  # once per listed member
    def last_present_month(self, info: Info) -> Awaitable[str | None] | str | None:
        return _figure(info, self.presence, _last_present_month)

    @strawberry.field(
        description="月度明细 The window's months with any presence, oldest first.",
        graphql_type=list[PresenceMonth],
    )
    @direct  # once per listed member
    def by_month(self, info: Info) -> Awaitable[list[PresenceMonth]] | list[PresenceMonth]:
        months = resolve_months(info.context, self.presence)
        if isinstance(months, list):
            return _months(months)
        return _awaited_months(months)


def _months(months: list[MonthRecord]) -> list[PresenceMonth]:
    return [
        PresenceMonth(
            month=month_text(row.month),
            meetings_attended=row.meetings,
            dues_months_paid=row.dues_months,
            check_ins=row.check_ins,
        )
        for row in months
    ]


async def _awaited_months(months: Awaitable[list[MonthRecord]]) -> list[PresenceMonth]:
    return _months(await months)
