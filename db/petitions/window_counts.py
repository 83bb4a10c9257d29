"""A petition list's count over a window of days (`since`/`until`), from kept figures.

The list's `under` scope holds the petitions raised in the subtree or handled in it. Those
raised in it are the day tallies' (db/petitions/tallies.py: per organisation, day, status and
category, the grid side); a petition handled in the subtree but raised outside it is held off
its grid's ancestor chain (assigned sideways or down, rare), and migration 0026 indexes those
by holder and day. So the count reads the window's tally rows by key plus a range of that
small index, never the subtree's petitions (seconds at a city's root, by counting them).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, not_, select, text

from db.paths import within_any
from db.petitions.held_counts import narrowed
from db.petitions.models import OFF_CHAIN_CONDITION, CategoryKind, PetitionRow, PetitionStatus
from db.petitions.tallies import PetitionTallyRow
from db.records import Connectable


async def count_held_between(
    connection: Connectable,
    organization_id: int,
    path: str,
    since: date | None,
    until: date | None,
    statuses: Sequence[PetitionStatus] = (),
    category_ids: Sequence[int] = (),
    kinds: Sequence[CategoryKind] = (),
) -> int:
    """Petitions raised or handled in the organisation's subtree (at `path`), raised on a
    day from `since` to `until` (China time; either open), of these statuses, categories and
    major kinds (each: any when empty). One statement."""
    tallies = PetitionTallyRow.__table__.c
    raised = select(func.coalesce(func.sum(tallies.petitions), 0)).where(
        tallies.organization_id == organization_id
    )
    petitions = PetitionRow.__table__.c
    held_only = (
        select(func.count())
        .select_from(PetitionRow.__table__)
        .where(
            text(OFF_CHAIN_CONDITION),
            within_any(petitions.handling_org_path, [path]),
            not_(within_any(petitions.org_path, [path])),
        )
    )
    parts = []
    for query, day, status, category in (
        (raised, tallies.day, tallies.status, tallies.category_id),
        (held_only, petitions.day, petitions.status, petitions.category_id),
    ):
        if since is not None:
            query = query.where(day >= since)
        if until is not None:
            query = query.where(day <= until)
        parts.append(narrowed(query, status, category, statuses, category_ids, kinds))
    both = select(parts[0].scalar_subquery() + parts[1].scalar_subquery())
    return int((await connection.execute(both)).scalar() or 0)
