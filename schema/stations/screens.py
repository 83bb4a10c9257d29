"""Station subscriptions: status changes (resumable) and the command-centre screen feed."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated

import strawberry

from db.stations.awareness import BoardLine
from resolvers.stations import screens as resolvers
from schema.info import Info
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.relay import expect_global_id, to_global_id
from schema.stations.awareness import StationTotals
from schema.stations.enums import StationStatus
from schema.stations.types import TYPE_NAME as STATION
from subscriptions.share_groups import SameObject

UNDER = strawberry.argument(description="组织范围 Only stations of this organisation's subtree.")


@strawberry.type(description="大屏服务站 One station's figures on a command-centre screen.")
class ScreenStation:
    id: strawberry.ID = strawberry.field(description="服务站标识 The station's ID.")
    organization_id: strawberry.ID = strawberry.field(
        description="所属组织标识 Its organisation's ID."
    )
    name: str = strawberry.field(description="名称 Its name.")
    status: StationStatus = strawberry.field(description="状态 Live status.")
    occupancy: int = strawberry.field(description="在站人数 People inside now.")
    capacity: int = strawberry.field(description="容量 Capacity.")
    queue_length: int = strawberry.field(description="排队人数 People waiting now.")
    staff_on_duty: int = strawberry.field(description="在岗人数 Staff on duty now.")
    served_today: int = strawberry.field(
        description="今日服务人次 People served since local midnight."
    )
    served_this_week: int = strawberry.field(description="本周服务人次 People served since Monday.")
    cameras_online: int = strawberry.field(description="在线摄像头 Cameras online now.")
    longitude: float = strawberry.field(description="经度 WGS-84 longitude.")
    latitude: float = strawberry.field(description="纬度 WGS-84 latitude.")

    @classmethod
    def from_line(cls, line: BoardLine) -> ScreenStation:
        return cls(
            id=to_global_id(STATION, line.station_id),
            organization_id=to_global_id(ORGANIZATION, line.organization_id),
            name=line.name,
            status=StationStatus(line.status.value),
            occupancy=line.occupancy,
            capacity=line.capacity,
            queue_length=line.queue_length,
            staff_on_duty=line.staff_on_duty,
            served_today=line.served_today,
            served_this_week=line.served_this_week,
            cameras_online=line.cameras_online,
            longitude=line.longitude,
            latitude=line.latitude,
        )


@strawberry.type(
    description="A complete snapshot of the subtree's stations for a command-centre screen "
    "指挥大屏; each message replaces the previous one."
)
class CommandCentreSnapshot:
    generated_at: datetime = strawberry.field(description="统计时间 When the figures were read.")
    totals: StationTotals = strawberry.field(description="汇总 The subtree's totals.")
    stations: list[ScreenStation] = strawberry.field(
        description="服务站列表 Every station, in ID order."
    )
    # Every screen of a feed receives the same board: one execution and encoding for all.
    share_id: strawberry.Private[SameObject]


def _snapshot(board: resolvers.Board) -> CommandCentreSnapshot:
    return CommandCentreSnapshot(
        share_id=SameObject(board),
        generated_at=board.generated_at,
        totals=StationTotals.from_totals(board.totals),
        stations=[ScreenStation.from_line(line) for line in board.lines],
    )


def _under(under: strawberry.ID | None) -> int | None:
    return expect_global_id(under, ORGANIZATION, field="under") if under else None


@strawberry.type
class StationSubscriptions:
    @strawberry.subscription(
        description="指挥大屏 The command-centre screen feed: a complete snapshot of the subtree's "
        "station figures at once, then a new snapshot whenever figures changed, at most once "
        "per configured interval (default 1 s). A slow screen skips to the newest snapshot."
    )
    async def command_centre(
        self, info: Info, under: Annotated[strawberry.ID | None, UNDER] = None
    ) -> AsyncGenerator[CommandCentreSnapshot, None]:
        screen = await resolvers.watch_command_centre(info.context, _under(under), under)
        try:
            async for board in screen:
                yield _snapshot(board)
        finally:
            await screen.aclose()
