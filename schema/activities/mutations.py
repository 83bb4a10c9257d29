"""Activity mutations: publishing and cancelling, signing up, attendance, feedback."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from db.activities import models as rows
from db.activities.queries import RegistrationRecord
from resolvers.activities import attendance
from resolvers.activities.signups import cancel_sign_up, sign_up_for
from resolvers.activities.writes import (
    DEFAULT_RADIUS_METERS,
    ActivityDraft,
    cancel,
    create_activity,
)
from schema.activities.enums import ActivityAudience, ActivityKind
from schema.activities.types import REGISTRATION, TYPE_NAME, Activity, ActivityRegistration
from schema.info import Info
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.relay import INPUT, expect_global_id
from schema.stations.types import TYPE_NAME as STATION

WGS84 = "WGS-84 degrees (GPS), not GCJ-02"
ACTIVITY = strawberry.argument(description="The activity 活动.")


@strawberry.input(description="A new activity 发布活动.")
class CreateActivityInput:
    organization_id: strawberry.ID = strawberry.field(
        description="The organisation it is held for 主办组织 (for a unit: a community it serves)."
    )
    title: str = strawberry.field(description="Title 活动名称 (at most 100 characters).")
    kind: ActivityKind = strawberry.field(description="Kind 活动类型.")
    description: str = strawberry.field(description="What happens 活动内容 (at most 2000).")
    starts_at: datetime = strawberry.field(description="Start 开始时间.")
    ends_at: datetime = strawberry.field(description="End 结束时间 (at most 7 days later).")
    capacity: int = strawberry.field(description="Seats 名额 (1-10000).")
    audience: ActivityAudience = strawberry.field(
        default=ActivityAudience.EVERYONE, description="Whom it is for 面向对象."
    )
    station_id: strawberry.ID | None = strawberry.field(
        default=None, description="Held at this station 服务站 (its place, and its terminals)."
    )
    address: str | None = strawberry.field(default=None, description="Where 地点 (with a point).")
    longitude: float | None = strawberry.field(
        default=None, description=f"经度 Longitude, {WGS84}."
    )
    latitude: float | None = strawberry.field(default=None, description=f"纬度 Latitude, {WGS84}.")
    by_unit: bool = strawberry.field(
        default=False,
        description="Organised by your co-building unit 单位组织 (unit accounts), for a community "
        "it serves.",
    )
    credits_hours: bool | None = strawberry.field(
        default=None,
        description="Whether attendance credits volunteer hours 计入志愿时长; default: for "
        "VOLUNTEER_SERVICE only.",
    )
    check_in_radius_meters: int = strawberry.field(
        default=DEFAULT_RADIUS_METERS,
        description="How near participants must be to check in themselves 签到范围 (20-5000 m).",
    )


@strawberry.input(description="Where the participant stands 当前位置, to check in or out.")
class PositionInput:
    activity_id: strawberry.ID = strawberry.field(description="The activity 活动.")
    longitude: float = strawberry.field(description=f"Longitude 经度, {WGS84}.")
    latitude: float = strawberry.field(description=f"Latitude 纬度, {WGS84}.")


@strawberry.input(description="A terminal's check-in or check-out of a participant 终端签到.")
class DeviceAttendanceInput:
    device_token: str = strawberry.field(
        description="终端令牌 The terminal's device token (a device of the station where it is "
        "held)."
    )
    code: str = strawberry.field(description="The participant's registration code 签到码.")


@strawberry.input(description="Rate an activity you attended 活动评价.")
class RateActivityInput:
    activity_id: strawberry.ID = strawberry.field(description="The activity 活动.")
    score: int = strawberry.field(description="1 (poor) to 5 (excellent) 评分.")
    comment: str | None = strawberry.field(default=None, description="Comment 评语 (at most 500).")


@strawberry.type(description="活动操作结果 The result of an activity mutation.")
class ActivityPayload:
    activity: Activity = strawberry.field(description="The activity as it is now 活动.")


@strawberry.type(
    description="报名签到操作结果 The result of a registration or attendance mutation."
)
class RegistrationPayload:
    registration: ActivityRegistration = strawberry.field(
        description="The registration as it is now 报名记录."
    )


def _activity_key(global_id: str, field: str = "id") -> int:
    return expect_global_id(global_id, TYPE_NAME, field=field)


REGISTRATION_ARGUMENT = strawberry.argument(description="The registration 报名记录.")


def _payload(row: RegistrationRecord) -> RegistrationPayload:
    return RegistrationPayload(registration=ActivityRegistration.from_row(row))


async def _by_self(info: Info, input: PositionInput, *, checking_in: bool) -> RegistrationPayload:
    key = _activity_key(input.activity_id, "activityId")
    position = attendance.Position(input.longitude, input.latitude)
    row = await attendance.attend_self(
        info.context, key, input.activity_id, position, checking_in=checking_in
    )
    return _payload(row)


async def _by_staff(info: Info, registration_id: str, *, checking_in: bool) -> RegistrationPayload:
    key = expect_global_id(registration_id, REGISTRATION, field="registrationId")
    row = await attendance.attend_by_staff(
        info.context, key, registration_id, checking_in=checking_in
    )
    return _payload(row)


async def _by_device(
    info: Info, input: DeviceAttendanceInput, *, checking_in: bool
) -> RegistrationPayload:
    row = await attendance.attend_by_device(
        info.context, input.device_token, input.code, checking_in=checking_in
    )
    return _payload(row)


@strawberry.type
class ActivityMutations:
    @strawberry.mutation(
        description="Publish an activity 发布活动 (staff where it is held; a unit for a "
        "community it serves)."
    )
    async def create_activity(
        self, info: Info, input: Annotated[CreateActivityInput, INPUT]
    ) -> ActivityPayload:
        draft = ActivityDraft(
            organization_id=expect_global_id(
                input.organization_id, ORGANIZATION, field="organizationId"
            ),
            organization_global_id=input.organization_id,
            title=input.title,
            kind=rows.ActivityKind[input.kind.name],
            description=input.description,
            starts_at=input.starts_at,
            ends_at=input.ends_at,
            capacity=input.capacity,
            audience=rows.ActivityAudience[input.audience.name],
            station_id=expect_global_id(input.station_id, STATION, field="stationId")
            if input.station_id
            else None,
            station_global_id=input.station_id,
            address=input.address,
            longitude=input.longitude,
            latitude=input.latitude,
            for_unit=input.by_unit,
            credits_hours=input.credits_hours,
            check_in_radius_meters=input.check_in_radius_meters,
        )
        return ActivityPayload(
            activity=Activity.from_row(await create_activity(info.context, draft))
        )

    @strawberry.mutation(description="Cancel an activity 取消活动 (its organisers).")
    async def cancel_activity(
        self,
        info: Info,
        id: Annotated[strawberry.ID, ACTIVITY],
        expected_version: Annotated[
            int | None,
            strawberry.argument(description="版本 The `version` you last read; stale: CONFLICT."),
        ] = None,
    ) -> ActivityPayload:
        row = await cancel(info.context, _activity_key(id), id, expected_version)
        return ActivityPayload(activity=Activity.from_row(row))

    @strawberry.mutation(
        description="Sign up 报名: a seat while there is one, else the waiting list 候补; again "
        "changes nothing. Open until the activity ends (a running one takes walk-ins)."
    )
    async def sign_up_for_activity(
        self, info: Info, id: Annotated[strawberry.ID, ACTIVITY]
    ) -> RegistrationPayload:
        row = await sign_up_for(info.context, _activity_key(id), id)
        return RegistrationPayload(registration=ActivityRegistration.from_row(row))

    @strawberry.mutation(
        description="Cancel your sign-up 取消报名 before the start; your seat goes to the first "
        "on the waiting list."
    )
    async def cancel_activity_sign_up(
        self, info: Info, id: Annotated[strawberry.ID, ACTIVITY]
    ) -> RegistrationPayload:
        row = await cancel_sign_up(info.context, _activity_key(id), id)
        return RegistrationPayload(registration=ActivityRegistration.from_row(row))

    @strawberry.mutation(
        description="Check in 签到 where you stand: within the activity's radius, from 30 "
        "minutes before its start until its end."
    )
    async def check_in_to_activity(
        self, info: Info, input: Annotated[PositionInput, INPUT]
    ) -> RegistrationPayload:
        return await _by_self(info, input, checking_in=True)

    @strawberry.mutation(
        description="Check out 签退 where you stand (within range, until 2 hours after the end); "
        "credits the minutes attended to your volunteer hours when the activity counts them."
    )
    async def check_out_of_activity(
        self, info: Info, input: Annotated[PositionInput, INPUT]
    ) -> RegistrationPayload:
        return await _by_self(info, input, checking_in=False)

    @strawberry.mutation(description="Check a participant in 代签到 (the activity's organisers).")
    async def check_in_participant(
        self,
        info: Info,
        registration_id: Annotated[strawberry.ID, REGISTRATION_ARGUMENT],
    ) -> RegistrationPayload:
        return await _by_staff(info, registration_id, checking_in=True)

    @strawberry.mutation(
        description="Check a participant out 代签退 (the activity's organisers, any time after "
        "check-in); credits their hours as a check-out of their own would."
    )
    async def check_out_participant(
        self,
        info: Info,
        registration_id: Annotated[
            strawberry.ID, strawberry.argument(description="报名记录 Registration.")
        ],
    ) -> RegistrationPayload:
        key = expect_global_id(registration_id, REGISTRATION, field="registrationId")
        row = await attendance.attend_by_staff(
            info.context, key, registration_id, checking_in=False
        )
        return RegistrationPayload(registration=ActivityRegistration.from_row(row))

    @strawberry.mutation(
        description="A station terminal checks a participant in 终端签到 by their code (no "
        "sign-in: the device token is the credential)."
    )
    async def check_in_by_device(
        self, info: Info, input: Annotated[DeviceAttendanceInput, INPUT]
    ) -> RegistrationPayload:
        return await _by_device(info, input, checking_in=True)

    @strawberry.mutation(description="A station terminal checks a participant out 终端签退.")
    async def check_out_by_device(
        self, info: Info, input: Annotated[DeviceAttendanceInput, INPUT]
    ) -> RegistrationPayload:
        return await _by_device(info, input, checking_in=False)

    @strawberry.mutation(description="Rate an activity you attended 活动评价 (once, 1-5).")
    async def rate_activity(
        self, info: Info, input: Annotated[RateActivityInput, INPUT]
    ) -> RegistrationPayload:
        row = await attendance.rate_activity(
            info.context,
            _activity_key(input.activity_id, "activityId"),
            input.activity_id,
            input.score,
            input.comment,
        )
        return RegistrationPayload(registration=ActivityRegistration.from_row(row))
