"""Telemetry mutations: devices report readings, one at a time or in gateway batches.

Devices authenticate with their own token in each reading's `deviceToken` (not with a bearer
token), so a gateway can forward the readings of several devices in one batch.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from db.stations import models as station_rows
from db.stations import telemetry as rows
from resolvers.stations import telemetry as resolvers
from schema.info import Info
from schema.relay import INPUT
from schema.stations.enums import ReadingKind, ServiceType


@strawberry.input(description="终端读数 One reading from a device.")
class ReadingInput:
    device_token: str = strawberry.field(
        description="终端令牌 The device's token (from addStationDevice); unknown tokens are "
        "refused with UNAUTHENTICATED."
    )
    seq: int = strawberry.field(
        description="序号 The device's sequence number (0 or more, increasing per reading): a "
        "(device, seq) already received is ignored as a duplicate."
    )
    occurred_at: datetime = strawberry.field(
        description="测量时间 Device time of the measurement, with offset; at most a few minutes "
        "ahead of the server's clock. Late readings are placed where they belong."
    )
    kind: ReadingKind = strawberry.field(description="读数类型 What it reports.")
    value: int = strawberry.field(
        default=1, description="读数 The count or state (never negative)."
    )
    service_type: ServiceType | None = strawberry.field(
        default=None, description="服务项目 The service, on SERVICE readings only."
    )


@strawberry.input(
    description="批量读数 A gateway's batch of readings, accepted or refused as a whole."
)
class RecordReadingsInput:
    readings: list[ReadingInput] = strawberry.field(description="读数 1 to 1000 readings.")


@strawberry.type(description="读数上报结果 What a batch of readings did.")
class RecordReadingsPayload:
    accepted: int = strawberry.field(description="已接收 New readings stored and applied.")
    duplicates: int = strawberry.field(description="重复读数 Readings already received, ignored.")
    status_changes: int = strawberry.field(
        description="状态变化 Station status changes they caused."
    )


def _draft(reading: ReadingInput) -> resolvers.ReadingDraft:
    return resolvers.ReadingDraft(
        device_token=reading.device_token,
        seq=reading.seq,
        occurred_at=reading.occurred_at,
        kind=rows.ReadingKind[reading.kind.name],
        value=reading.value,
        service_type=(
            station_rows.ServiceType[reading.service_type.name] if reading.service_type else None
        ),
    )


async def _record(info: Info, readings: list[ReadingInput]) -> RecordReadingsPayload:
    services = info.context.services
    result = await resolvers.ingest(
        services.database,
        services.hub.publish,
        [_draft(reading) for reading in readings],
        services.stations,
    )
    return RecordReadingsPayload(
        accepted=result.accepted,
        duplicates=result.duplicates,
        status_changes=result.status_changes,
    )


@strawberry.type
class TelemetryMutations:
    @strawberry.mutation(
        description="上报读数 Record one device reading (authenticated by its token)."
    )
    async def record_reading(
        self, info: Info, input: Annotated[ReadingInput, INPUT]
    ) -> RecordReadingsPayload:
        return await _record(info, [input])

    @strawberry.mutation(
        description="批量上报读数 Record a gateway's batch of readings in one transaction; one bad "
        "reading refuses the batch and nothing is written."
    )
    async def record_readings(
        self, info: Info, input: Annotated[RecordReadingsInput, INPUT]
    ) -> RecordReadingsPayload:
        return await _record(info, input.readings)
