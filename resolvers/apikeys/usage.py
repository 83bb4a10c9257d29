"""Key uses, counted in memory and written in batches: a request presenting a key costs a
dictionary update, not a database write. Each instance flushes what it counted every few
seconds (jobs/apikeys.py) and when it stops; `useCount` and `lastUsedAt` are therefore behind
by at most one flush interval. A flush that fails keeps its counts for the next one."""

from __future__ import annotations

from datetime import datetime

from db.apikeys.writes import add_uses
from db.engine import Database


class KeyUsage:
    def __init__(self) -> None:
        self._uses: dict[int, tuple[int, datetime]] = {}

    def count(self, key_id: int, at: datetime) -> None:
        count, last = self._uses.get(key_id, (0, at))
        self._uses[key_id] = (count + 1, max(last, at))

    @property
    def pending(self) -> int:
        return sum(count for count, _ in self._uses.values())

    async def flush(self, database: Database) -> int:
        """Write the counted uses; how many."""
        uses, self._uses = self._uses, {}
        if not uses:
            return 0
        try:
            async with database.transaction() as session:
                await add_uses(session, uses)
        except BaseException:
            for key_id, (count, last) in uses.items():  # counted again next time
                mine, latest = self._uses.get(key_id, (0, last))
                self._uses[key_id] = (mine + count, max(latest, last))
            raise
        return sum(count for count, _ in uses.values())
