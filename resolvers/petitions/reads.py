"""Petition reads: who sees which petition, the list, the timeline, masked contact details."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace

from db.base import utcnow
from db.organizations.queries import OrganizationRecord
from db.pagination import Page, PageRequest
from db.paths import path_ids
from db.petitions.held_counts import count_held
from db.petitions.listing import (
    count_listed,
    listing,
    petition_page,
    raised_outside,
    visible_to,
)
from db.petitions.models import OPEN_STATUSES
from db.petitions.queries import CategoryRecord, PetitionFilter, PetitionRecord, StepRecord
from db.petitions.window_counts import count_held_between
from resolvers.access import Permission
from resolvers.audit import audit_personal_read
from resolvers.context import Context
from resolvers.errors import not_found
from resolvers.members.identity import mask_phone
from resolvers.organizations.reads import resolve_organization_by_id
from resolvers.validation import clean_search

ENTITY = "petition"


def is_submitter(context: Context, row: PetitionRecord) -> bool:
    viewer = context.viewer.account_id
    return viewer is not None and row.submitter_account_id == viewer


def may_read(context: Context, row: PetitionRecord) -> bool:
    """The submitter, or READ_PETITIONS over the grid or over the organisation handling it."""
    viewer = context.viewer
    return (
        is_submitter(context, row)
        or viewer.can(Permission.READ_PETITIONS, row.org_path)
        or viewer.can(Permission.READ_PETITIONS, row.handling_org_path)
    )


async def resolve_petition_by_id(context: Context, petition_id: int) -> PetitionRecord | None:
    context.require_account()
    row = await context.loaders.petitions.by_id.load(petition_id)
    if row is None:
        return None
    return row if may_read(context, row) or await is_dispatched_to_viewer(context, row) else None


async def is_dispatched_to_viewer(context: Context, row: PetitionRecord) -> bool:
    """Whether the petition was ever dispatched to the viewer's department (its staff see it)."""
    department = context.viewer.department_id
    if department is None:
        return False
    dispatches = await context.loaders.departments.of_petition.load(row.id)
    return any(dispatch.department_id == department for dispatch in dispatches)


@dataclass(frozen=True, slots=True)
class PetitionCriteria:
    under: int | None = None
    under_global_id: str | None = None
    mine: bool = False
    narrow: PetitionFilter = field(default_factory=PetitionFilter)


async def resolve_petitions(
    context: Context, criteria: PetitionCriteria, request: PageRequest
) -> tuple[Page[PetitionRecord], Callable[[], Awaitable[int]]]:
    """Petitions the viewer may read (their own, and a department's those dispatched to it,
    included), in submission order. A viewer who may neither read petitions anywhere nor raise
    their own (a partner, a key, a unit) is refused: FORBIDDEN naming read_petitions, not an
    empty list."""
    context.require_account()
    if not context.viewer.paths_for(Permission.SUBMIT_PETITIONS):
        context.viewer.require_anywhere(Permission.READ_PETITIONS, what="petitions")
    under: str | None = None
    if criteria.under is not None:
        node = await resolve_organization_by_id(context, criteria.under)
        if node is None:
            raise not_found(
                "organization", criteria.under_global_id or str(criteria.under), field="under"
            )
        under = node.path
    # The same rule as `may_read`, as SQL.
    viewer = context.viewer
    visible = visible_to(
        viewer.paths_for(Permission.READ_PETITIONS), viewer.account_id, viewer.department_id
    )
    narrow = replace(criteria.narrow, search=clean_search(criteria.narrow.search, field="search"))
    listed = listing(
        visible,
        narrow,
        under=under,
        submitter_account_id=context.viewer.account_id if criteria.mine else None,
    )
    page, counted = await petition_page(context.loaders.reads.read, listed, request)
    kept = None if criteria.mine else _kept_total(context, narrow, under)
    return page, kept or counted


def _kept_total(
    context: Context, narrow: PetitionFilter, under: str | None
) -> Callable[[], Awaitable[int]] | None:
    """The list's count from the held counts (one organisation's rows by key), when they
    answer it exactly: a filter of statuses, categories, kinds and a window of days (then
    the day tallies, db/petitions/window_counts.py) only, over one subtree the
    viewer reads whole (`under` inside their scope; or, without `under`, their one scope root
    plus the petitions they raised elsewhere). None otherwise: the rows are counted, as they
    are for a department's staff, whose petitions are those dispatched to it."""
    viewer = context.viewer
    if not narrow.kept() or viewer.department_id is not None:
        return None
    if under is not None:
        if not viewer.can(Permission.READ_PETITIONS, under):
            return None
        root, account_id = under, None
    else:
        roots = viewer.paths_for(Permission.READ_PETITIONS)
        if len(roots) != 1:
            return None
        root, account_id = roots[0], viewer.account_id

    async def total() -> int:
        async with context.loaders.reads.read() as connection:
            node = path_ids(root)[-1]
            narrowing = (narrow.statuses, narrow.category_ids, narrow.kinds)
            if narrow.since is None and narrow.until is None:
                held = await count_held(connection, node, *narrowing)
            else:
                held = await count_held_between(
                    connection, node, root, narrow.since, narrow.until, *narrowing
                )
            if account_id is None:
                return held
            own = listing(raised_outside(account_id, root), narrow)
            return held + await count_listed(connection, own)

    return total


async def resolve_steps(context: Context, row: PetitionRecord) -> list[StepRecord]:
    return await context.loaders.petitions.steps.load(row.id)


async def resolve_categories(context: Context, ids: Sequence[int]) -> list[CategoryRecord | None]:
    """Categories by ID, in order (a page's petitions name them; every one may be read)."""
    return await context.loaders.petitions.category.load_many(list(ids))


async def resolve_grid(context: Context, row: PetitionRecord) -> OrganizationRecord | None:
    return await resolve_organization_by_id(context, row.grid_id)


async def resolve_handling_organization(
    context: Context, row: PetitionRecord
) -> OrganizationRecord | None:
    return await resolve_organization_by_id(context, row.handling_org_id)


def is_overdue(row: PetitionRecord) -> bool:
    return row.status in OPEN_STATUSES and row.deadline_at < utcnow()


def may_read_contact(context: Context, row: PetitionRecord) -> bool:
    """Unmasked contact details: the submitter, or READ_PERSONAL_DATA where it is handled."""
    if is_submitter(context, row):
        return True
    return context.viewer.can(Permission.READ_PERSONAL_DATA, row.org_path) or context.viewer.can(
        Permission.READ_PERSONAL_DATA, row.handling_org_path
    )


def mask_name(name: str) -> str:
    return name[:1] + "*" * max(1, len(name) - 1)


CONTACT_MASKS: dict[str, Callable[[str], str]] = {
    "contact_name": mask_name,
    "contact_phone": mask_phone,
}


async def resolve_contact(context: Context, row: PetitionRecord, field: str) -> str | None:
    """Anonymous petitions show no contact but to the submitter; others masked unless allowed.

    Every unmasked read by someone other than the submitter is audited before it is sent.
    """
    value: str | None = getattr(row, field)
    if value is None:
        return None
    if is_submitter(context, row):
        return value
    if row.anonymous:
        return None
    if not may_read_contact(context, row):
        return CONTACT_MASKS[field](value)
    await audit_personal_read(context, ENTITY, row.id, field)
    return value
