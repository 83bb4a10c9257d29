"""Compliance 组织生活达标 of a subtree for a period, from the kept tallies."""

from __future__ import annotations

from typing import Annotated

import strawberry

from db.base import utcnow
from resolvers.meetings import compliance as rules
from resolvers.meetings import kept_compliance as views
from resolvers.organizations.reads import resolve_organization_by_id
from resolvers.pagination import page_request
from schema.info import Info
from schema.meetings.kinds import MeetingKind
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.organizations.types import Organization
from schema.relay import Connection, build_connection, expect_global_id, page_argument


@strawberry.type(description="One branch's compliance in the period 支部达标情况.")
class BranchMeetingCompliance:
    found: strawberry.Private[rules.BranchCompliance]
    kinds: strawberry.Private[dict[str, MeetingKind]]
    compliant: bool = strawberry.field(description="Met every kind's cadence 是否达标.")
    held: int = strawberry.field(description="Meetings held in the period 召开次数.")
    expected: int = strawberry.field(description="Attendances expected at them 应到人次.")
    present: int = strawberry.field(description="Attendances present 实到人次.")
    attendance_rate: float | None = strawberry.field(description="出勤率 0-1; null with none.")

    @classmethod
    def of(
        cls, found: rules.BranchCompliance, kinds: dict[str, MeetingKind]
    ) -> BranchMeetingCompliance:
        return cls(
            found=found,
            kinds=kinds,
            compliant=found.compliant,
            held=found.held,
            expected=found.expected,
            present=found.present,
            attendance_rate=round(found.present / found.expected, 4) if found.expected else None,
        )

    @strawberry.field(description="The kinds it has not held as often as required 缺项.")
    def missing(self) -> list[MeetingKind]:
        return [self.kinds[code] for code in self.found.missing]

    @strawberry.field(description="The branch 支部; null outside your scope.")
    async def organization(self, info: Info) -> Organization | None:
        found = await resolve_organization_by_id(info.context, self.found.branch_id)
        return Organization.from_row(found) if found else None


@strawberry.type(description="How many branches met one kind's cadence 分类达标.")
class MeetingKindCompliance:
    kind: MeetingKind = strawberry.field(description="The kind 会议类型.")
    branches_met: int = strawberry.field(description="Branches that met its cadence 达标支部数.")
    held: int = strawberry.field(description="Meetings of it held in the period 召开次数.")


@strawberry.type(
    description="Compliance of a subtree's branches with the cadence of 三会一课 and 主题党日 "
    "in a period 组织生活达标: the subtree's figures from kept figures per subtree (as fast at "
    "the city root as for one branch); `kinds` and `behind` judge its branches one by one."
)
class MeetingCompliance:
    view: strawberry.Private[views.ComplianceView]
    period: str = strawberry.field(
        description="统计周期 The period: a quarter 2026-Q4 or month 2026-11."
    )
    months: list[str] = strawberry.field(
        description="The months judged: those of the period that have begun 已开始的月份."
    )
    branches: int = strawberry.field(description="Branches judged 支部数.")
    compliant: int = strawberry.field(description="Branches that met every cadence 达标支部数.")
    compliant_share: float | None = strawberry.field(
        description="Share of branches compliant 达标率, 0-1; null without branches."
    )
    expected: int = strawberry.field(description="Attendances expected at held meetings 应到.")
    present: int = strawberry.field(description="Attendances present 实到.")
    attendance_rate: float | None = strawberry.field(
        description="Members' attendance rate 党员出勤率, 0-1; null with none expected."
    )

    @strawberry.field(description="Per kind 分类达标.")
    async def kinds(self) -> list[MeetingKindCompliance]:
        found = await self.view.judged()
        return [
            MeetingKindCompliance(
                kind=MeetingKind.from_row(k.kind), branches_met=k.branches_met, held=k.held
            )
            for k in found.kinds
        ]

    @strawberry.field(
        description="The branches behind their cadence 未达标支部 (what they miss), for the upper "
        "organisation to act on; in branch order."
    )
    async def behind(
        self,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[BranchMeetingCompliance]:
        request = page_request(first=first, after=after, last=last, before=before)
        page, total = await self.view.behind(request)
        kinds = {kind.code: MeetingKind.from_row(kind) for kind in self.view.kinds}
        return build_connection(page, lambda found: BranchMeetingCompliance.of(found, kinds), total)


@strawberry.type
class MeetingComplianceQueries:
    @strawberry.field(
        description="Compliance 组织生活达标 of the branches in a subtree (your scope without "
        "`under`) for a period (the current quarter without `period`): a MONTHLY kind must be "
        "held in every month of it that has begun, a QUARTERLY kind once in its quarter."
    )
    async def meeting_compliance(
        self,
        info: Info,
        under: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this subtree 组织范围.")
        ] = None,
        period: Annotated[
            str | None,
            strawberry.argument(
                description="统计周期 A quarter like 2026-Q4 or a month like 2026-11."
            ),
        ] = None,
    ) -> MeetingCompliance:
        key = expect_global_id(under, ORGANIZATION, field="under") if under else None
        view = await views.resolve_compliance_view(info.context, key, under, period, utcnow())
        figures = await view.figures()
        return MeetingCompliance(
            view=view,
            period=view.period.label,
            months=list(view.period.months),
            branches=figures.branches,
            compliant=figures.compliant,
            compliant_share=figures.share,
            expected=figures.expected,
            present=figures.present,
            attendance_rate=figures.attendance_rate,
        )
