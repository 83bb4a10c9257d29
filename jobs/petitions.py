"""The petitions' background job: marking overdue petitions and escalating each to the parent
organisation (resolvers/petitions/deadlines.py). Safe to run on every instance at once."""

from __future__ import annotations

from jobs.periodic import PeriodicJob
from resolvers.context import Services
from resolvers.petitions.deadlines import escalate_overdue


def petition_jobs(services: Services, scan_seconds: float) -> list[PeriodicJob]:
    async def deadlines() -> int:
        return await escalate_overdue(services)

    return [PeriodicJob("petition-deadlines", scan_seconds, deadlines)]
