"""Situational awareness 态势感知 types: figures for a station or any subtree."""

from __future__ import annotations

from typing import Annotated

import strawberry

from db.stations.awareness import Totals
from resolvers.stations import awareness as resolvers
from schema.info import Info
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.organizations.types import Organization
from schema.relay import expect_global_id
from schema.stations.enums import ServiceType, StationStatus

DAYS = strawberry.argument(
    description="统计天数 The window: the last n days including today (1-366)."
)


@strawberry.type(description="各状态服务站数 How many stations have a status.")
class StationStatusCount:
    status: StationStatus = strawberry.field(description="状态 The status.")
    count: int = strawberry.field(description="服务站数 Stations with it now.")


@strawberry.type(description="分时统计 One hour of the day (China Standard Time) over a window.")
class HourCount:
    hour: int = strawberry.field(description="时段 Hour of day 0-23, local time (UTC+8).")
    served: int = strawberry.field(
        description="服务人次 People served in this hour, summed over the days."
    )
    visitors: int = strawberry.field(
        description="到访人次 People who came in during this hour, summed."
    )


@strawberry.type(description="分服务统计 People served by one kind of service over a window.")
class ServiceCount:
    service: ServiceType = strawberry.field(description="服务项目 The service.")
    served: int = strawberry.field(description="服务人次 People served.")


@strawberry.type(
    description="服务站汇总 Live and current-period station figures (the same on every screen)."
)
class StationTotals:
    stations: int = strawberry.field(description="服务站数 Stations counted.")
    by_status: list[StationStatusCount] = strawberry.field(
        description="按状态 Stations by live status (every status listed, zero included)."
    )
    visitors_now: int = strawberry.field(description="People inside now 在站人数.")
    queue_length: int = strawberry.field(description="People waiting now 排队人数.")
    staff_on_duty: int = strawberry.field(description="Staff on duty now 在岗人员.")
    capacity: int = strawberry.field(description="总容量 Summed capacity (people).")
    utilisation: float = strawberry.field(
        description="Capacity utilisation 承载率: visitors now / capacity (0 when no capacity)."
    )
    served_today: int = strawberry.field(description="People served since local midnight 今日服务.")
    served_this_week: int = strawberry.field(
        description="People served since Monday 00:00 local time 本周服务."
    )
    cameras_online: int = strawberry.field(description="在线摄像头 Cameras online now.")

    @classmethod
    def from_totals(cls, totals: Totals) -> StationTotals:
        from db.stations.models import StationStatus as Stored

        return cls(
            stations=totals.stations,
            by_status=[
                StationStatusCount(
                    status=StationStatus(status.value), count=totals.by_status.get(status, 0)
                )
                for status in Stored
            ],
            visitors_now=totals.visitors_now,
            queue_length=totals.queue_length,
            staff_on_duty=totals.staff_on_duty,
            capacity=totals.capacity,
            utilisation=round(totals.utilisation, 4),
            served_today=totals.served_today,
            served_this_week=totals.served_this_week,
            cameras_online=totals.cameras_online,
        )


@strawberry.type(
    description="Situational awareness 态势感知 of service stations: for one station, or rolled "
    "up over a subtree. History comes from the hourly roll-ups, kept for good."
)
class StationAwareness:
    scope: strawberry.Private[resolvers.AwarenessScope]

    @strawberry.field(
        description="统计组织 The organisation whose subtree this covers; null for a station "
        "or for several subtrees of your scope."
    )
    def organization(self) -> Organization | None:
        found = self.scope.organization
        return Organization.from_row(found) if found else None

    @strawberry.field(description="实时汇总 Live figures and people served today and this week.")
    async def totals(self, info: Info) -> StationTotals:
        return StationTotals.from_totals(await resolvers.resolve_totals(info.context, self.scope))

    @strawberry.field(
        description="Peak service hours 高峰时段: an hour-of-day histogram over the window."
    )
    async def peak_hours(self, info: Info, days: Annotated[int, DAYS] = 30) -> list[HourCount]:
        found = await resolvers.resolve_peak_hours(info.context, self.scope, days)
        return [HourCount(hour=h, served=s, visitors=v) for h, s, v in found]

    @strawberry.field(
        description="按服务项目 People served by service type over the window, most first."
    )
    async def services_by_type(
        self, info: Info, days: Annotated[int, DAYS] = 30
    ) -> list[ServiceCount]:
        found = await resolvers.resolve_services(info.context, self.scope, days)
        return [ServiceCount(service=ServiceType(key), served=n) for key, n in found.items()]

    @strawberry.field(
        description="下级组织 The same figures for each direct child organisation (at most 100), "
        "to drill down; empty for a station."
    )
    async def children(self, info: Info) -> list[StationAwareness]:
        found = await resolvers.resolve_child_scopes(info.context, self.scope)
        return [StationAwareness(scope=scope) for scope in found]


@strawberry.type
class AwarenessQueries:
    @strawberry.field(
        description="态势感知 Station figures rolled up over an organisation's subtree (default: "
        "your whole scope)."
    )
    async def station_awareness(
        self,
        info: Info,
        under: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="统计组织 The organisation; omit for your whole scope."
            ),
        ] = None,
    ) -> StationAwareness:
        key = expect_global_id(under, ORGANIZATION, field="under") if under else None
        scope = await resolvers.resolve_awareness_scope(info.context, key, under)
        return StationAwareness(scope=scope)
