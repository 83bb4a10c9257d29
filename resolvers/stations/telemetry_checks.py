"""Checks on incoming readings: each failure names the reading and says the fix."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from db.stations.models import DeviceKind, DeviceRow, ServiceType
from db.stations.telemetry import ReadingKind
from resolvers.errors import BadUserInput, Unauthenticated
from resolvers.stations.config import StationConfig

MAX_BATCH = 1000
BINARY_KINDS = (ReadingKind.CAMERA, ReadingKind.OPEN_STATE)
_ALWAYS = (ReadingKind.HEARTBEAT,)
DEVICE_READINGS = {
    DeviceKind.DOOR_COUNTER: (
        ReadingKind.ENTERED,
        ReadingKind.LEFT,
        ReadingKind.OCCUPANCY,
        *_ALWAYS,
    ),
    DeviceKind.CAMERA: (ReadingKind.CAMERA, ReadingKind.OCCUPANCY, ReadingKind.QUEUE, *_ALWAYS),
    DeviceKind.SERVICE_TERMINAL: (
        ReadingKind.SERVICE,
        ReadingKind.QUEUE,
        ReadingKind.STAFF,
        ReadingKind.OPEN_STATE,
        *_ALWAYS,
    ),
}


def hash_token(token: str) -> str:
    return hashlib.sha256(token.strip().encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class ReadingDraft:
    device_token: str
    seq: int
    occurred_at: datetime
    kind: ReadingKind
    value: int = 1
    service_type: ServiceType | None = None


@dataclass(frozen=True, slots=True)
class IngestResult:
    accepted: int
    duplicates: int
    status_changes: int


def _check(reading: ReadingDraft, field: str, now: datetime, config: StationConfig) -> None:
    if reading.seq < 0:
        raise BadUserInput(f"`{field}.seq` must be 0 or more; got {reading.seq}.", field=field)
    if reading.value < 0:
        raise BadUserInput(
            f"`{field}.value` is {reading.value}: counts cannot be negative (report people "
            "leaving as a LEFT reading).",
            field=field,
        )
    if reading.kind in BINARY_KINDS and reading.value not in (0, 1):
        raise BadUserInput(
            f"`{field}.value` of a {reading.kind.name} reading must be 1 (online/open) or 0.",
            field=field,
        )
    if (reading.kind == ReadingKind.SERVICE) != (reading.service_type is not None):
        raise BadUserInput(
            f"`{field}.serviceType` is required on SERVICE readings and only there.", field=field
        )
    if reading.occurred_at.tzinfo is None:
        raise BadUserInput(f"`{field}.occurredAt` needs a time zone offset.", field=field)
    tolerance = timedelta(seconds=config.future_tolerance_seconds)
    if reading.occurred_at > now + tolerance:
        raise BadUserInput(
            f"`{field}.occurredAt` ({reading.occurred_at.isoformat()}) is more than "
            f"{config.future_tolerance_seconds:.0f} s in the future; fix the device clock (NTP).",
            field=field,
        )
    if reading.occurred_at < now - timedelta(days=config.readings_retention_days):
        raise BadUserInput(
            f"`{field}.occurredAt` is older than the {config.readings_retention_days}-day "
            "retention window; such readings can no longer be accepted.",
            field=field,
        )
    if not reading.device_token.strip():
        raise Unauthenticated(f"`{field}.deviceToken` is empty; send the device's token.")


def validate(readings: Sequence[ReadingDraft], now: datetime, config: StationConfig) -> None:
    if not readings:
        raise BadUserInput("Send at least one reading.", field="readings")
    if len(readings) > MAX_BATCH:
        raise BadUserInput(
            f"A batch holds at most {MAX_BATCH} readings; got {len(readings)}. Split it.",
            field="readings",
        )
    single = len(readings) == 1
    for index, reading in enumerate(readings):
        _check(reading, "input" if single else f"readings[{index}]", now, config)


def check_kinds(paired: Sequence[tuple[DeviceRow, ReadingDraft]]) -> None:
    for index, (device, reading) in enumerate(paired):
        allowed = DEVICE_READINGS[device.kind]
        if reading.kind not in allowed:
            field = "input" if len(paired) == 1 else f"readings[{index}]"
            names = ", ".join(kind.name for kind in allowed)
            raise BadUserInput(
                f"`{field}.kind`: a {device.kind.name} sends {names}, not {reading.kind.name}.",
                field=field,
            )
