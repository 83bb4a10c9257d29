"""GraphQL enums of the stations domain; values match the stored values of the `db` enums."""

from __future__ import annotations

import enum

import strawberry


@strawberry.enum(description="服务站状态 A station's derived live status.")
class StationStatus(enum.Enum):
    OPEN = strawberry.enum_value("open", description="Open and below the busy threshold 开放.")
    BUSY = strawberry.enum_value(
        "busy", description="Open, with occupancy at or above the busy share of capacity 繁忙."
    )
    CLOSED = strawberry.enum_value(
        "closed", description="Outside opening hours, or reported closed today 闭站."
    )
    OFFLINE = strawberry.enum_value(
        "offline", description="No device heard from within the offline time 离线."
    )


@strawberry.enum(description="终端类型 Kind of station device.")
class DeviceKind(enum.Enum):
    DOOR_COUNTER = strawberry.enum_value(
        "door_counter", description="Door counter 客流计数器: ENTERED, LEFT, OCCUPANCY."
    )
    CAMERA = strawberry.enum_value(
        "camera", description="Camera 摄像头: CAMERA (online), OCCUPANCY, QUEUE."
    )
    SERVICE_TERMINAL = strawberry.enum_value(
        "service_terminal",
        description="Service terminal 服务终端: SERVICE, QUEUE, STAFF, OPEN_STATE.",
    )


@strawberry.enum(description="Service offered at a station 服务事项.")
class ServiceType(enum.Enum):
    PARTY_AFFAIRS = strawberry.enum_value("party_affairs", description="Party affairs 党务服务.")
    SOCIAL_SECURITY = strawberry.enum_value(
        "social_security", description="Social security 社保医保."
    )
    CIVIL_AFFAIRS = strawberry.enum_value("civil_affairs", description="Civil affairs 民政服务.")
    ELDERLY_CARE = strawberry.enum_value("elderly_care", description="Elderly care 养老服务.")
    EMPLOYMENT = strawberry.enum_value("employment", description="Employment 就业服务.")
    LEGAL_AID = strawberry.enum_value("legal_aid", description="Legal aid 法律援助.")
    HEALTH = strawberry.enum_value("health", description="Health 健康服务.")
    VOLUNTEERING = strawberry.enum_value("volunteering", description="Volunteering 志愿服务.")
    PETITION_RECEPTION = strawberry.enum_value(
        "petition_reception", description="Receiving residents' petitions 诉求受理."
    )
    OTHER = strawberry.enum_value("other", description="Anything else 其他.")


@strawberry.enum(description="读数类型 What a device reading reports.")
class ReadingKind(enum.Enum):
    ENTERED = strawberry.enum_value("entered", description="进入人数 `value` people came in.")
    LEFT = strawberry.enum_value("left", description="离开人数 `value` people went out.")
    OCCUPANCY = strawberry.enum_value(
        "occupancy", description="在站人数 `value` people are inside (an absolute count)."
    )
    QUEUE = strawberry.enum_value("queue", description="排队人数 `value` people are waiting.")
    STAFF = strawberry.enum_value("staff", description="在岗人数 `value` staff are on duty.")
    CAMERA = strawberry.enum_value(
        "camera", description="摄像头状态 The camera's stream is up (`value` 1) or down (0)."
    )
    SERVICE = strawberry.enum_value(
        "service",
        description="办结服务数 `value` service transactions of `serviceType` were completed.",
    )
    OPEN_STATE = strawberry.enum_value(
        "open_state",
        description="开闭站 Staff opened (`value` 1) or closed (0) the station for today.",
    )
    HEARTBEAT = strawberry.enum_value(
        "heartbeat", description="心跳 Nothing to report; the device is alive."
    )
