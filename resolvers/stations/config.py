"""Station settings of a deployment (carried by `Services.stations`), and the clock they are
read against."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from db.base import CHINA_STANDARD_TIME
from db.stations.awareness import Moments


@dataclass(frozen=True, slots=True)
class StationConfig:
    offline_seconds: float = 120.0
    busy_share: float = 0.8
    future_tolerance_seconds: float = 300.0
    readings_retention_days: int = 30
    screen_interval_seconds: float = 1.0

    @property
    def offline_after(self) -> timedelta:
        return timedelta(seconds=self.offline_seconds)

    def moments(self, now: datetime) -> Moments:
        local = now.astimezone(CHINA_STANDARD_TIME)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        return Moments(
            today=midnight.astimezone(UTC),
            week=(midnight - timedelta(days=local.weekday())).astimezone(UTC),
            offline_cutoff=now - self.offline_after,
        )
