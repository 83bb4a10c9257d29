"""The big screen's organisational-life panel 组织生活: a query for one reading and a coalesced
subscription (as `commandCentre`), from kept figures."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated

import strawberry

from resolvers.meetings import screens as resolvers
from schema.info import Info
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.relay import expect_global_id
from subscriptions.share_groups import SameObject

UNDER = strawberry.argument(
    description="组织范围 Only this organisation's subtree (your scope without)."
)


@strawberry.type(
    description="The organisational-life panel of a big screen 组织生活: compliance with the "
    "cadence of 三会一课 and 主题党日 this month and quarter, attendance, and this month's dues "
    "collection 党费收缴, for a subtree, from kept figures; each message replaces the previous."
)
class OrganizationalLifeSnapshot:
    generated_at: datetime = strawberry.field(description="统计时间 When the figures were read.")
    month: str = strawberry.field(
        description="统计月份 The month judged (China time), e.g. 2026-12."
    )
    quarter: str = strawberry.field(description="所在季度 Its quarter, e.g. 2026-Q4.")
    branches: int = strawberry.field(description="Branches in the subtree 支部数.")
    compliant_this_month: int = strawberry.field(
        description="Branches that met the cadence this month 本月达标支部数 (each monthly kind "
        "held this month, each quarterly kind held in the quarter so far)."
    )
    compliant_share_this_month: float | None = strawberry.field(
        description="Their share 本月达标率, 0-1; null without branches."
    )
    behind_this_month: int = strawberry.field(description="Branches behind this month 未达标.")
    compliant_this_quarter: int = strawberry.field(
        description="Branches that met the cadence in every month of the quarter so far "
        "本季度达标支部数."
    )
    compliant_share_this_quarter: float | None = strawberry.field(
        description="Their share 本季度达标率, 0-1; null without branches."
    )
    behind_this_quarter: int = strawberry.field(
        description="本季度未达标支部 Branches behind this quarter."
    )
    meetings_held_this_month: int = strawberry.field(
        description="本月召开次数 Meetings held this month."
    )
    meetings_held_this_quarter: int = strawberry.field(
        description="本季度召开次数 Meetings held this quarter."
    )
    attendance_rate_this_month: float | None = strawberry.field(
        description="Attendance 出勤率 at this month's meetings (present / expected), 0-1."
    )
    attendance_rate_this_quarter: float | None = strawberry.field(
        description="本季度出勤率 Attendance at the quarter's meetings so far, 0-1."
    )
    dues_due_members: int = strawberry.field(description="Members owing this month's dues 应缴.")
    dues_paid_members: int = strawberry.field(description="Members who paid them 已缴.")
    dues_collection_rate: float | None = strawberry.field(
        description="Dues collection rate 党费收缴率 this month (members paid / due), 0-1."
    )
    dues_due_fen: int = strawberry.field(description="This month's dues due, in fen 分.")
    dues_paid_fen: int = strawberry.field(description="This month's dues paid, in fen 分.")
    # Every screen of a feed receives the same panel: one execution and encoding for all.
    share_id: strawberry.Private[SameObject]

    @classmethod
    def of(cls, panel: resolvers.OrgLifePanel) -> OrganizationalLifeSnapshot:
        month = panel.this_month
        return cls(
            share_id=SameObject(panel),
            generated_at=panel.generated_at,
            month=panel.month,
            quarter=panel.quarter,
            branches=panel.branches,
            compliant_this_month=panel.compliant_this_month,
            compliant_share_this_month=panel.share(panel.compliant_this_month),
            behind_this_month=panel.branches - panel.compliant_this_month,
            compliant_this_quarter=panel.compliant_this_quarter,
            compliant_share_this_quarter=panel.share(panel.compliant_this_quarter),
            behind_this_quarter=panel.branches - panel.compliant_this_quarter,
            meetings_held_this_month=month.held,
            meetings_held_this_quarter=panel.held_this_quarter,
            attendance_rate_this_month=panel.attendance_rate_this_month,
            attendance_rate_this_quarter=panel.attendance_rate_this_quarter,
            dues_due_members=panel.dues_due_members,
            dues_paid_members=panel.dues_paid_members,
            dues_collection_rate=panel.dues_collection_rate,
            dues_due_fen=panel.dues_due_fen,
            dues_paid_fen=panel.dues_paid_fen,
        )


def _under(under: strawberry.ID | None) -> int | None:
    return expect_global_id(under, ORGANIZATION, field="under") if under else None


@strawberry.type
class OrganizationalLifeQueries:
    @strawberry.field(
        description="组织生活概况 The organisational-life panel's figures now, once (the "
        "subscription `organizationalLife` streams them): for secretaries and administrators."
    )
    async def organizational_life(
        self, info: Info, under: Annotated[strawberry.ID | None, UNDER] = None
    ) -> OrganizationalLifeSnapshot:
        panel = await resolvers.resolve_panel(info.context, _under(under), under)
        return OrganizationalLifeSnapshot.of(panel)


@strawberry.type
class OrganizationalLifeSubscriptions:
    @strawberry.subscription(
        description="The organisational-life panel feed 组织生活: its figures at once, then new "
        "ones after meetings or dues of the subtree changed, at most once per configured "
        "interval (as `commandCentre`). A slow screen skips to the newest."
    )
    async def organizational_life(
        self, info: Info, under: Annotated[strawberry.ID | None, UNDER] = None
    ) -> AsyncGenerator[OrganizationalLifeSnapshot, None]:
        screen = await resolvers.watch_panel(info.context, _under(under), under)
        try:
            async for panel in screen:
                yield OrganizationalLifeSnapshot.of(panel)
        finally:
            await screen.aclose()
