"""Station settings of a deployment, and the clock they are read against.

The request context has no slot for domain settings, so they are registered per database
(the process-wide handle every resolver reaches) by `server.create_app`; tests and tools that
build their own database get the defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from weakref import WeakKeyDictionary

from db.engine import Database
from db.station_figures import Moments

CHINA_STANDARD_TIME = timezone(timedelta(hours=8), "CST")


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


_configs: WeakKeyDictionary[Database, StationConfig] = WeakKeyDictionary()


def configure_stations(database: Database, config: StationConfig) -> None:
    _configs[database] = config


def station_config(database: Database) -> StationConfig:
    return _configs.get(database) or StationConfig()
