"""Petition reads: who sees which petition, the list, the timeline, masked contact details."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, false, or_, select

from db.base import utcnow
from db.organizations.models import OrganizationRow
from db.paths import within_any
from db.petitions.models import (
    OPEN_STATUSES,
    PetitionCategoryRow,
    PetitionChannel,
    PetitionRow,
    PetitionStatus,
    PetitionStepRow,
)
from resolvers.access import Permission
from resolvers.audit import audit_personal_read
from resolvers.context import Context
from resolvers.errors import not_found
from resolvers.members.identity import mask_phone
from resolvers.organizations.reads import resolve_organization_by_id
from resolvers.pagination import Page, PageRequest, paginate
from resolvers.petitions.loaders import petition_loaders
from resolvers.validation import clean_search

ENTITY = "petition"


def is_submitter(context: Context, row: PetitionRow) -> bool:
    viewer = context.viewer.account_id
    return viewer is not None and row.submitter_account_id == viewer


def may_read(context: Context, row: PetitionRow) -> bool:
    """The submitter, or READ_PETITIONS over the grid or over the organisation handling it."""
    viewer = context.viewer
    return (
        is_submitter(context, row)
        or viewer.can(Permission.READ_PETITIONS, row.org_path)
        or viewer.can(Permission.READ_PETITIONS, row.handling_org_path)
    )


def visible_condition(context: Context) -> ColumnElement[bool]:
    """The same rule as `may_read`, as SQL: index ranges on both paths, or one's own."""
    roots = context.viewer.paths_for(Permission.READ_PETITIONS)
    account_id = context.viewer.account_id
    return or_(
        within_any(PetitionRow.org_path, roots),
        within_any(PetitionRow.handling_org_path, roots),
        PetitionRow.submitter_account_id == account_id if account_id is not None else false(),
    )


async def resolve_petition_by_id(context: Context, petition_id: int) -> PetitionRow | None:
    context.require_account()
    row = await petition_loaders(context).petition.load(petition_id)
    return row if row is not None and may_read(context, row) else None


@dataclass(frozen=True, slots=True)
class PetitionCriteria:
    under: int | None = None
    under_global_id: str | None = None
    statuses: Sequence[PetitionStatus] = ()
    category_ids: Sequence[int] = ()
    channels: Sequence[PetitionChannel] = ()
    overdue: bool | None = None
    since: date | None = None
    until: date | None = None
    search: str | None = None
    mine: bool = False


async def resolve_petitions(
    context: Context, criteria: PetitionCriteria, request: PageRequest
) -> tuple[Page[PetitionRow], Callable[[], Awaitable[int]]]:
    """Petitions the viewer may read (their own included), in submission order."""
    context.require_account()
    query: Select[PetitionRow] = select(PetitionRow).where(visible_condition(context))
    if criteria.under is not None:
        node = await resolve_organization_by_id(context, criteria.under)
        if node is None:
            raise not_found(
                "organization", criteria.under_global_id or str(criteria.under), field="under"
            )
        query = query.where(
            or_(
                within_any(PetitionRow.org_path, [node.path]),
                within_any(PetitionRow.handling_org_path, [node.path]),
            )
        )
    if criteria.mine:
        query = query.where(PetitionRow.submitter_account_id == context.viewer.account_id)
    if criteria.statuses:
        query = query.where(PetitionRow.status.in_(criteria.statuses))
    if criteria.category_ids:
        query = query.where(PetitionRow.category_id.in_(criteria.category_ids))
    if criteria.channels:
        query = query.where(PetitionRow.channel.in_(criteria.channels))
    if criteria.overdue is not None:
        late = PetitionRow.status.in_(OPEN_STATUSES) & (PetitionRow.deadline_at < utcnow())
        query = query.where(late if criteria.overdue else ~late)
    if criteria.since is not None:
        query = query.where(PetitionRow.day >= criteria.since)
    if criteria.until is not None:
        query = query.where(PetitionRow.day <= criteria.until)
    text = clean_search(criteria.search, field="search")
    if text:
        query = query.where(
            or_(
                PetitionRow.title.contains(text, autoescape=True),
                PetitionRow.content.contains(text, autoescape=True),
            )
        )
    return await paginate(context.services.database, query, PetitionRow.id, request)


async def resolve_steps(context: Context, row: PetitionRow) -> list[PetitionStepRow]:
    return await petition_loaders(context).steps.load(row.id)


async def resolve_category(context: Context, row: PetitionRow) -> PetitionCategoryRow | None:
    return await petition_loaders(context).category.load(row.category_id)


async def resolve_grid(context: Context, row: PetitionRow) -> OrganizationRow | None:
    return await resolve_organization_by_id(context, row.grid_id)


async def resolve_handling_organization(
    context: Context, row: PetitionRow
) -> OrganizationRow | None:
    return await resolve_organization_by_id(context, row.handling_org_id)


def is_overdue(row: PetitionRow) -> bool:
    return row.status in OPEN_STATUSES and row.deadline_at < utcnow()


def may_read_contact(context: Context, row: PetitionRow) -> bool:
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


async def resolve_contact(context: Context, row: PetitionRow, field: str) -> str | None:
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
