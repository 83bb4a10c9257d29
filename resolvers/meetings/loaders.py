"""Batched reads of meetings for one request."""

from __future__ import annotations

from db.meetings.queries import (
    AttendanceRecord,
    MeetingKindRecord,
    MeetingRecord,
    attendances_by_ids,
    attendances_of_member,
    meeting_kinds,
    meetings_by_ids,
)
from db.shared_reads import SharedReads
from resolvers.batches import LoaderSet, in_order

MineKey = tuple[int, int]  # (member, meeting)


class MeetingLoaders(LoaderSet):
    def __init__(self, reads: SharedReads, *, cache: bool) -> None:
        super().__init__(reads, cache=cache)
        self.by_id = self.loader(self._by_id)
        self.attendance = self.loader(self._attendances)
        self.mine = self.loader(self._mine)
        self.kind = self.loader(self._kinds)
        # Each kind as a listed meeting's field answered it this request (by code), kept
        # only while reads are cached: a page's twenty meetings name a few kinds.
        self.kind_answers: dict[str, object] = {}

    async def _by_id(self, ids: list[int]) -> list[MeetingRecord | None]:
        return in_order(ids, await self.read(lambda c: meetings_by_ids(c, ids)))

    async def _attendances(self, ids: list[int]) -> list[AttendanceRecord | None]:
        return in_order(ids, await self.read(lambda c: attendances_by_ids(c, ids)))

    async def _kinds(self, codes: list[str]) -> list[MeetingKindRecord | None]:
        """The kinds are few: one statement reads them all."""
        kinds = {kind.code: kind for kind in await self.read(meeting_kinds)}
        return [kinds.get(code) for code in codes]

    async def _mine(self, keys: list[MineKey]) -> list[AttendanceRecord | None]:
        """One statement per member in the batch (a request has one viewer)."""
        found: dict[MineKey, AttendanceRecord] = {}
        async with self.reads.read() as connection:
            for member in sorted({member for member, _ in keys}):
                ids = [meeting for who, meeting in keys if who == member]
                rows = await attendances_of_member(connection, member, ids)
                found |= {(member, key): row for key, row in rows.items()}
        return in_order(keys, found)
