"""Petition settings, read at start-up and carried by `Services.petitions`.

Escalation 逐级上报: a petition starts with its category's deadline at the grid; overdue there,
it goes one level up and gets that level's own deadline (`level_deadline_hours`), and so on up
to the district, never above (`TOP_LEVEL`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import MappingProxyType

from db.organizations.models import GovernanceLevel

# The highest level a petition climbs to by itself: the city hears of it through statistics.
TOP_LEVEL = GovernanceLevel.DISTRICT
_ABOVE_TOP = frozenset({GovernanceLevel.CITY})

DEFAULT_LEVEL_DEADLINE_HOURS: Mapping[str, float] = MappingProxyType(
    {
        GovernanceLevel.COMMUNITY.value: 72.0,
        GovernanceLevel.STREET.value: 120.0,
        GovernanceLevel.DISTRICT.value: 168.0,
    }
)
# A petition never climbs to a grid; one held elsewhere outside these levels (handed down, or
# at a 两新 branch) is given as long as a community.
_FALLBACK_LEVEL = GovernanceLevel.COMMUNITY.value


@dataclass(frozen=True, slots=True)
class PetitionPolicy:
    reopen_days: float = 7.0
    statistics_interval_seconds: float = 1.0
    level_deadline_hours: Mapping[str, float] = field(
        default_factory=lambda: DEFAULT_LEVEL_DEADLINE_HOURS
    )

    def level_deadline(self, level: GovernanceLevel | None, now: datetime) -> datetime | None:
        """The deadline at a level a petition arrives at now; None above the district (it
        climbs no further and nothing more is due there)."""
        if level in _ABOVE_TOP:
            return None
        key = level.value if level is not None else _FALLBACK_LEVEL
        hours = self.level_deadline_hours.get(key)
        if hours is None:
            hours = self.level_deadline_hours.get(_FALLBACK_LEVEL, 72.0)
        return now + timedelta(hours=hours)


def climbs_from(level: GovernanceLevel | None, parent_level: GovernanceLevel | None) -> bool:
    """Whether a petition overdue at an organisation of `level` goes up to its parent (of
    `parent_level`): below the district, and never into the city."""
    return level not in (TOP_LEVEL, *_ABOVE_TOP) and parent_level not in _ABOVE_TOP
