"""The request's loaders, one set per domain, reached as `context.loaders.<domain>`.

One `Loaders` per HTTP request (its reads cached for the request), and per event on a
websocket (nothing cached across events, so a screen never sees a stale row). A domain's set,
the shared reads and the audit loader are built the first time a resolver reaches for them,
so a request pays only for what it uses.
`reads` is the request's connection, shared by its overlapping reads (db/shared_reads.py);
list pages read through it too.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from db.audit import write_audit_entries
from db.engine import Database
from db.shared_reads import SharedReads
from resolvers.activities.loaders import ActivityLoaders
from resolvers.batch_loader import Loader
from resolvers.batches import MAX_BATCH_SIZE, LoaderSet
from resolvers.departments.loaders import DepartmentLoaders
from resolvers.dues.loaders import DuesLoaders
from resolvers.evaluation.loaders import EvaluationLoaders
from resolvers.learning.loaders import LearningLoaders
from resolvers.meetings.loaders import MeetingLoaders
from resolvers.members.loaders import MemberLoaders
from resolvers.mobility.loaders import MobilityLoaders
from resolvers.organizations.loaders import OrganizationLoaders
from resolvers.petitions.loaders import PetitionLoaders
from resolvers.presence.loaders import PresenceLoaders
from resolvers.reminders.loaders import ReminderLoaders
from resolvers.resources.loaders import ResourceLoaders
from resolvers.stations.config import StationConfig
from resolvers.stations.loaders import StationLoaders
from resolvers.transfers.loaders import TransferLoaders
from resolvers.units.loaders import UnitLoaders
from resolvers.volunteers.loaders import VolunteerLoaders


class Loaders:
    def __init__(
        self, database: Database, stations: StationConfig | None = None, *, cache: bool = True
    ) -> None:
        self._database = database
        self._stations = stations or StationConfig()
        self.cache = cache

    @cached_property
    def reads(self) -> SharedReads:
        return SharedReads(self._database.lane)

    @cached_property
    def audit(self) -> Loader[tuple[Any, ...], None]:
        return Loader(self._write_audit, max_batch_size=MAX_BATCH_SIZE, cache=False)

    @cached_property
    def organizations(self) -> OrganizationLoaders:
        return OrganizationLoaders(self.reads, cache=self.cache)

    @cached_property
    def members(self) -> MemberLoaders:
        return MemberLoaders(self.reads, cache=self.cache)

    @cached_property
    def petitions(self) -> PetitionLoaders:
        return PetitionLoaders(self.reads, cache=self.cache)

    @cached_property
    def departments(self) -> DepartmentLoaders:
        return DepartmentLoaders(self.reads, cache=self.cache)

    @cached_property
    def stations(self) -> StationLoaders:
        return StationLoaders(self.reads, self._stations, cache=self.cache)

    @cached_property
    def units(self) -> UnitLoaders:
        return UnitLoaders(self.reads, cache=self.cache)

    @cached_property
    def resources(self) -> ResourceLoaders:
        return ResourceLoaders(self.reads, cache=self.cache)

    @cached_property
    def activities(self) -> ActivityLoaders:
        return ActivityLoaders(self.reads, cache=self.cache)

    @cached_property
    def volunteers(self) -> VolunteerLoaders:
        return VolunteerLoaders(self.reads, cache=self.cache)

    @cached_property
    def reminders(self) -> ReminderLoaders:
        return ReminderLoaders(self.reads, cache=self.cache)

    @cached_property
    def meetings(self) -> MeetingLoaders:
        return MeetingLoaders(self.reads, cache=self.cache)

    @cached_property
    def dues(self) -> DuesLoaders:
        return DuesLoaders(self.reads, cache=self.cache)

    @cached_property
    def mobility(self) -> MobilityLoaders:
        return MobilityLoaders(self.reads, cache=self.cache)

    @cached_property
    def presence(self) -> PresenceLoaders:
        return PresenceLoaders(self.reads, cache=self.cache)

    @cached_property
    def transfers(self) -> TransferLoaders:
        return TransferLoaders(self.reads, cache=self.cache)

    @cached_property
    def learning(self) -> LearningLoaders:
        return LearningLoaders(self.reads, cache=self.cache)

    @cached_property
    def evaluation(self) -> EvaluationLoaders:
        return EvaluationLoaders(self.reads, cache=self.cache)

    def release(self) -> None:
        """The request is over: drop what its loaders hold, and the reference cycles between
        them and their owners (resolvers/batch_loader.py `Loader.release`), so the request's
        objects are freed when it ends rather than by a later garbage collection."""
        for made in vars(self).values():
            if isinstance(made, LoaderSet | Loader):
                made.release()

    async def _write_audit(self, entries: list[tuple[Any, ...]]) -> list[None]:
        """Entries are (account_id, action, entity_type, entity_id, detail items) tuples."""
        async with self._database.transaction() as session:
            await write_audit_entries(
                session,
                [
                    {
                        "account_id": account_id,
                        "action": action,
                        "entity_type": entity_type,
                        "entity_id": entity_id,
                        "detail": dict(detail),
                    }
                    for account_id, action, entity_type, entity_id, detail in entries
                ],
            )
        return [None] * len(entries)
