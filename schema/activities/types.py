"""Activity types: the activity, a registration, and a subtree's activity figures."""

from __future__ import annotations

from collections.abc import Awaitable, Sequence
from datetime import datetime
from typing import Annotated

import strawberry

from db.activities import models as rows
from db.activities.queries import ActivityRecord, RegistrationRecord
from db.base import utcnow
from db.records import record_of
from resolvers.activities.reads import (
    is_running,
    resolve_my_registration,
    resolve_registrations,
)
from resolvers.context import Context
from resolvers.pagination import page_request
from schema.activities.enums import (
    ActivityAudience,
    ActivityKind,
    ActivityStatus,
    AttendanceMethod,
    RegistrationStatus,
)
from schema.enum_members import by_value
from schema.info import Info
from schema.organizations.types import Organization, answer_organizations, organization_answer
from schema.plain_fields import direct
from schema.relay import Connection, Node, build_connection, page_argument, to_global_id
from schema.selections import selects_listed
from schema.stations.types import TYPE_NAME as STATION
from schema.units.types import CoBuildingUnit, answer_units, unit_answer

TYPE_NAME = "Activity"
REGISTRATION = "ActivityRegistration"
_KIND = by_value(rows.ActivityKind, ActivityKind)
_AUDIENCE = by_value(rows.ActivityAudience, ActivityAudience)
_STATUS = by_value(rows.ActivityStatus, ActivityStatus)


@strawberry.type(description="One person's registration for an activity 报名记录.")
class ActivityRegistration(Node):
    row: strawberry.Private[RegistrationRecord]
    status: RegistrationStatus = strawberry.field(
        description="报名状态 Seat, waiting list or cancelled."
    )
    code: str = strawberry.field(
        description="The code to show at a station terminal 签到码 (the participant and the "
        "organisers only)."
    )
    queued_at: datetime = strawberry.field(description="When they (last) signed up 报名时间.")
    confirmed_at: datetime | None = strawberry.field(description="确认时间 When they got a seat.")
    cancelled_at: datetime | None = strawberry.field(description="取消时间 When they cancelled.")
    checked_in_at: datetime | None = strawberry.field(description="Check-in time 签到时间.")
    check_in_method: AttendanceMethod | None = strawberry.field(description="How 签到方式.")
    checked_out_at: datetime | None = strawberry.field(description="Check-out time 签退时间.")
    check_out_method: AttendanceMethod | None = strawberry.field(description="How 签退方式.")
    minutes: int | None = strawberry.field(
        description="Minutes attended within the activity's time 时长（分钟）."
    )
    feedback_score: int | None = strawberry.field(description="Their rating 1-5 评价.")
    feedback_comment: str | None = strawberry.field(description="评语 Their comment.")

    @classmethod
    def from_row(cls, row: RegistrationRecord | rows.RegistrationRow) -> ActivityRegistration:
        if isinstance(row, rows.RegistrationRow):
            row = record_of(RegistrationRecord, row)
        return cls(
            row=row,
            id=to_global_id(REGISTRATION, row.id),
            status=RegistrationStatus(row.status.value),
            code=row.code,
            queued_at=row.queued_at,
            confirmed_at=row.confirmed_at,
            cancelled_at=row.cancelled_at,
            checked_in_at=row.checked_in_at,
            check_in_method=AttendanceMethod(row.check_in_method.value)
            if row.check_in_method
            else None,
            checked_out_at=row.checked_out_at,
            check_out_method=AttendanceMethod(row.check_out_method.value)
            if row.check_out_method
            else None,
            minutes=row.minutes,
            feedback_score=row.feedback_score,
            feedback_comment=row.feedback_comment,
        )


async def _mine(context: Context, row: ActivityRecord) -> ActivityRegistration | None:
    found = await resolve_my_registration(context, row)
    return ActivityRegistration.from_row(found) if found else None


@strawberry.type(description="An activity 活动 organised by an organisation or a co-building unit.")
class Activity(Node):
    row: strawberry.Private[ActivityRecord]
    title: str = strawberry.field(description="Title 活动名称.")
    kind: ActivityKind = strawberry.field(description="Kind 活动类型.")
    description: str = strawberry.field(description="What happens 活动内容.")
    address: str = strawberry.field(description="Where 活动地点.")
    longitude: float = strawberry.field(description="WGS-84 longitude 经度.")
    latitude: float = strawberry.field(description="WGS-84 latitude 纬度.")
    starts_at: datetime = strawberry.field(description="Start 开始时间.")
    ends_at: datetime = strawberry.field(description="End 结束时间.")
    capacity: int = strawberry.field(description="Seats 名额.")
    audience: ActivityAudience = strawberry.field(description="Whom it is for 面向对象.")
    credits_hours: bool = strawberry.field(
        description="Whether attendance credits volunteer hours 计入志愿时长."
    )
    check_in_radius_meters: int = strawberry.field(
        description="How near participants must be to check in themselves 签到范围（米）."
    )
    status: ActivityStatus = strawberry.field(description="Takes place or cancelled 状态.")
    signed_up: int = strawberry.field(description="Seats taken 已报名.")
    waitlisted: int = strawberry.field(description="On the waiting list 候补人数.")
    checked_in: int = strawberry.field(description="Checked in so far 已签到.")
    feedback_count: int = strawberry.field(description="Ratings given 评价人数.")
    average_feedback: float | None = strawberry.field(
        description="Mean rating 平均评分, 1-5; null before the first."
    )
    version: int = strawberry.field(description="Increases with every change 版本.")

    @classmethod
    def from_row(cls, row: ActivityRecord | rows.ActivityRow) -> Activity:
        if isinstance(row, rows.ActivityRow):
            row = record_of(ActivityRecord, row)
        return cls(
            row=row,
            id=to_global_id(TYPE_NAME, row.id),
            title=row.title,
            kind=_KIND[row.kind],
            description=row.description,
            address=row.address,
            longitude=row.longitude,
            latitude=row.latitude,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            capacity=row.capacity,
            audience=_AUDIENCE[row.audience],
            credits_hours=row.credits_hours,
            check_in_radius_meters=row.check_in_radius_meters,
            status=_STATUS[row.status],
            signed_up=row.signed_up,
            waitlisted=row.waitlisted,
            checked_in=row.checked_in,
            feedback_count=row.feedback_count,
            average_feedback=round(row.feedback_sum / row.feedback_count, 2)
            if row.feedback_count
            else None,
            version=row.version,
        )

    @strawberry.field(description="Whether it is running now 进行中.")
    def running(self) -> bool:
        return is_running(self.row, utcnow())

    @strawberry.field(description="The station where it is held 服务站, if any.")
    def station_id(self) -> strawberry.ID | None:
        return to_global_id(STATION, self.row.station_id) if self.row.station_id else None

    @strawberry.field(
        description="The organisation it is held for 主办组织; null outside scope.",
        graphql_type=Organization | None,
    )
    @direct  # once per listed activity
    def organization(self, info: Info) -> Awaitable[Organization | None] | Organization | None:
        return organization_answer(info.context, self.row.organization_id)

    @strawberry.field(
        description="The co-building unit organising it 共建单位, if any.",
        graphql_type=CoBuildingUnit | None,
    )
    @direct  # once per listed activity
    def unit(self, info: Info) -> Awaitable[CoBuildingUnit | None] | CoBuildingUnit | None:
        unit_id = self.row.unit_id
        return None if unit_id is None else unit_answer(info.context, unit_id)

    @strawberry.field(
        description="Your registration 我的报名, if you signed up.",
        graphql_type=ActivityRegistration | None,
    )
    @direct  # once per listed activity
    def my_registration(self, info: Info) -> Awaitable[ActivityRegistration | None]:
        return _mine(info.context, self.row)

    @strawberry.field(description="Its registrations 报名名单 (its organisers only), in order.")
    async def registrations(
        self,
        info: Info,
        statuses: Annotated[
            list[RegistrationStatus] | None, strawberry.argument(description="状态筛选 Only these.")
        ] = None,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[ActivityRegistration]:
        request = page_request(first=first, after=after, last=last, before=before)
        page, count = await resolve_registrations(
            info.context,
            self.row,
            [rows.RegistrationStatus[s.name] for s in statuses or ()],
            request,
        )
        return build_connection(page, ActivityRegistration.from_row, count)


async def answer_named(info: Info, activities: Sequence[ActivityRecord]) -> None:
    """A page of activities answers the organisations and units its rows name, when the
    query asks for them, before its rows are completed (schema/answers.py)."""
    if selects_listed(info, "organization"):
        await answer_organizations(info.context, [row.organization_id for row in activities])
    if selects_listed(info, "unit"):
        units = [row.unit_id for row in activities if row.unit_id is not None]
        await answer_units(info.context, units)


@strawberry.type(description="A subtree's activities now and today 活动概况 (China time).")
class ActivityFigures:
    running_now: int = strawberry.field(description="Running now 活动进行中.")
    today: int = strawberry.field(description="Starting today 今日活动.")
    signed_up_today: int = strawberry.field(description="Seats taken in today's 今日报名.")
