"""The activities' background job: announcing starts and ends (resolvers/activities/
announcements.py). Safe to run on every instance at once."""

from __future__ import annotations

from jobs.periodic import PeriodicJob
from resolvers.activities.announcements import announce_due
from resolvers.context import Services


def activity_jobs(services: Services, scan_seconds: float) -> list[PeriodicJob]:
    async def announcements() -> int:
        return await announce_due(services)

    return [PeriodicJob("activity-announcements", scan_seconds, announcements)]
