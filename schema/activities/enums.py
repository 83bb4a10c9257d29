"""Enums of activities; values match the stored values of `db.activities`."""

from __future__ import annotations

import enum

import strawberry


@strawberry.enum(description="What kind of activity 活动类型.")
class ActivityKind(enum.Enum):
    THEMED_PARTY_DAY = strawberry.enum_value(
        "themed_party_day", description="Themed party day 主题党日."
    )
    VOLUNTEER_SERVICE = strawberry.enum_value(
        "volunteer_service", description="Volunteer service 志愿服务 (credits hours by default)."
    )
    CULTURE = strawberry.enum_value("culture", description="Culture 文化活动.")
    TRAINING = strawberry.enum_value("training", description="Training 培训.")
    CONSULTATION = strawberry.enum_value("consultation", description="Consultation 议事协商.")
    SPORTS = strawberry.enum_value("sports", description="Sports 文体活动.")
    OTHER = strawberry.enum_value("other", description="Other 其他.")


@strawberry.enum(description="Whom an activity is for 面向对象.")
class ActivityAudience(enum.Enum):
    EVERYONE = strawberry.enum_value("everyone", description="Everyone 全体居民.")
    PARTY_MEMBERS = strawberry.enum_value("party_members", description="Party members 党员.")
    VOLUNTEERS = strawberry.enum_value("volunteers", description="Volunteers 志愿者.")
    YOUTH = strawberry.enum_value("youth", description="Young people 青少年.")
    ELDERLY = strawberry.enum_value("elderly", description="The elderly 老年人.")


@strawberry.enum(description="Whether an activity takes place 活动状态.")
class ActivityStatus(enum.Enum):
    SCHEDULED = strawberry.enum_value("scheduled", description="Takes place 正常.")
    CANCELLED = strawberry.enum_value("cancelled", description="Cancelled 已取消.")


@strawberry.enum(description="Where a registration stands 报名状态.")
class RegistrationStatus(enum.Enum):
    CONFIRMED = strawberry.enum_value("confirmed", description="Has a seat 报名成功.")
    WAITLISTED = strawberry.enum_value("waitlisted", description="On the waiting list 候补.")
    CANCELLED = strawberry.enum_value("cancelled", description="Cancelled 已取消.")


@strawberry.enum(description="How someone checked in or out 签到方式.")
class AttendanceMethod(enum.Enum):
    SELF = strawberry.enum_value("self", description="The participant, on the spot 本人定位.")
    STAFF = strawberry.enum_value("staff", description="The organisers 工作人员.")
    DEVICE = strawberry.enum_value("device", description="A station terminal 服务站终端.")
