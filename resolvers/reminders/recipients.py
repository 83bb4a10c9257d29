"""The secretaries an organisation's reminder reaches: those bound nearest above it (on the
branch itself, else its closest ancestor with a secretary). A community's secretary hears of
its branches; a city-wide secretary is not told of every branch in the city, only of those no
nearer secretary looks after."""

from __future__ import annotations

from collections.abc import Sequence

from db.paths import ancestor_paths, minimal_roots


class Secretaries:
    """Secretary bindings (account, organisation path), answering who is nearest a path."""

    def __init__(self, bindings: Sequence[tuple[int, str]]) -> None:
        self._at: dict[str, list[int]] = {}
        for account, path in bindings:
            self._at.setdefault(path, []).append(account)

    @property
    def roots(self) -> list[str]:
        """The subtrees some secretary looks after (what a rule needs to read)."""
        return minimal_roots(self._at)

    def nearest(self, path: str) -> list[int]:
        """The accounts of the secretaries nearest above `path` (itself included), in id
        order; none when no secretary is bound over it."""
        for ancestor in reversed(ancestor_paths(path)):
            found = self._at.get(ancestor)
            if found:
                return sorted(set(found))
        return []
