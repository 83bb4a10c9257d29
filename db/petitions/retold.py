"""Petitions retold by a data generator (the demo's dispatches, generators/demo/departments.py):
picking a subtree's newest petitions, and replacing or relabelling steps of their timelines.
The generator keeps each petition's `version` equal to its number of steps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import delete, select, update

from db.engine import Session
from db.paths import within_any
from db.petitions.models import (
    PetitionAction,
    PetitionCategoryRow,
    PetitionRow,
    PetitionStatus,
    PetitionStepRow,
)


async def category_defaults(session: Session) -> list[tuple[int, str | None]]:
    """(id, default department's name) of every subcategory."""
    result = await session.execute(
        select(PetitionCategoryRow.id, PetitionCategoryRow.default_department).where(
            PetitionCategoryRow.parent_id.is_not(None)
        )
    )
    return [(category_id, default) for category_id, default in result]


async def newest_petitions(
    session: Session,
    path: str,
    statuses: Sequence[PetitionStatus],
    categories: Sequence[int],
    count: int,
    *,
    other_categories: bool = False,
) -> list[PetitionRow]:
    """The newest petitions of the subtree at `path` at `statuses`, of `categories` (or of any
    other with `other_categories`), held in it and never escalated; ORM rows to change."""
    of_categories = PetitionRow.category_id.in_(list(categories))
    found = await session.scalars(
        select(PetitionRow)
        .where(
            within_any(PetitionRow.org_path, [path]),
            within_any(PetitionRow.handling_org_path, [path]),
            PetitionRow.status.in_(list(statuses)),
            PetitionRow.escalations == 0,
            ~of_categories if other_categories else of_categories,
        )
        .order_by(PetitionRow.id.desc())
        .limit(count)
    )
    return list(found)


async def remove_steps(
    session: Session, petition_id: int, actions: Sequence[PetitionAction]
) -> int:
    """Remove the petition's steps of those actions; how many there were."""
    result = await session.execute(
        delete(PetitionStepRow).where(
            PetitionStepRow.petition_id == petition_id, PetitionStepRow.action.in_(list(actions))
        )
    )
    return int(getattr(result, "rowcount", 0))


async def relabel_steps(
    session: Session, petition_id: int, relabel: Mapping[PetitionAction, tuple[PetitionAction, str]]
) -> None:
    """Each of the petition's steps of a key's action becomes that action, with that note."""
    for before, (after, note) in relabel.items():
        await session.execute(
            update(PetitionStepRow)
            .where(PetitionStepRow.petition_id == petition_id, PetitionStepRow.action == before)
            .values(action=after, note=note)
        )


def add_steps(session: Session, steps: Sequence[PetitionStepRow]) -> None:
    session.add_all(steps)
