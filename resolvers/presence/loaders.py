"""Batched reads of presence for one request: figures and months per (member, window start)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from db.presence.queries import (
    PresenceFigures,
    PresenceMonth,
    months_by_members,
    presence_by_members,
)
from db.shared_reads import SharedReads
from resolvers.batches import LoaderSet

Key = tuple[int, date]


def _by_window(keys: list[Key]) -> dict[date, list[int]]:
    """The members asked about per window start (a request asks about one, as a rule)."""
    windows: dict[date, list[int]] = defaultdict(list)
    for member_id, since in keys:
        windows[since].append(member_id)
    return windows


class PresenceLoaders(LoaderSet):
    def __init__(self, reads: SharedReads, *, cache: bool) -> None:
        super().__init__(reads, cache=cache)
        self.figures = self.loader(self._figures)
        self.months = self.loader(self._months)

    async def _figures(self, keys: list[Key]) -> list[PresenceFigures | None]:
        found: dict[Key, PresenceFigures] = {}
        for since, ids in _by_window(keys).items():
            rows = await self._read_figures(ids, since)
            found.update({(member_id, since): row for member_id, row in rows.items()})
        return [found.get(key) for key in keys]

    async def _months(self, keys: list[Key]) -> list[list[PresenceMonth]]:
        found: dict[Key, list[PresenceMonth]] = {}
        for since, ids in _by_window(keys).items():
            rows = await self._read_months(ids, since)
            found.update({(member_id, since): months for member_id, months in rows.items()})
        return [found.get(key, []) for key in keys]

    async def _read_figures(self, ids: list[int], since: date) -> dict[int, PresenceFigures]:
        return await self.read(lambda c: presence_by_members(c, ids, since))

    async def _read_months(self, ids: list[int], since: date) -> dict[int, list[PresenceMonth]]:
        return await self.read(lambda c: months_by_members(c, ids, since))
