"""The petition taxonomy: listing it, and administrators adding and retiring categories."""

from __future__ import annotations

from sqlalchemy import select

from db.base import utcnow
from db.petitions.models import PetitionCategoryRow, get_categories
from resolvers.access import Permission
from resolvers.changes import change
from resolvers.context import Context
from resolvers.errors import BadUserInput, Forbidden, not_found
from resolvers.validation import clean_code, clean_text

ENTITY = "petition_category"


async def list_categories(context: Context, *, include_retired: bool) -> list[PetitionCategoryRow]:
    context.require_account()
    async with context.services.database.session() as session:
        rows = await get_categories(session)
    return [row for row in rows if include_retired or row.retired_at is None]


def _manager(context: Context) -> tuple[int, str]:
    """The account and the path where it holds MANAGE_CATEGORIES (the taxonomy is shared)."""
    account_id = context.require_account()
    paths = context.viewer.paths_for(Permission.MANAGE_CATEGORIES)
    if not paths:
        raise Forbidden("Only administrators may change petition categories.")
    return account_id, paths[0]


async def create_category(
    context: Context,
    *,
    parent_id: int,
    parent_global_id: str,
    code: str,
    name: str,
    deadline_hours: int,
) -> PetitionCategoryRow:
    account_id, path = _manager(context)
    code = clean_code(code, field="code")
    name = clean_text(name, field="name", max_length=64)
    if not 1 <= deadline_hours <= 24 * 90:
        raise BadUserInput(
            "`deadlineHours` must be between 1 and 2160 (90 days).", field="deadlineHours"
        )
    parent = await context.loaders.petitions.category.load(parent_id)
    if parent is None or parent.parent_id is not None or parent.retired_at is not None:
        raise not_found("major category", parent_global_id, field="parentId")
    async with change(context, account_id, conflict=f"The code {code!r} is taken.") as changes:
        row = PetitionCategoryRow(
            parent_id=parent.id,
            code=code,
            name=name,
            kind=parent.kind,
            deadline_hours=deadline_hours,
            created_at=utcnow(),
        )
        changes.session.add(row)
        await changes.session.flush()
        await changes.record(
            event_type="petition_category.created",
            org_path=path,
            entity_type=ENTITY,
            entity_id=row.id,
            changes={"code": code, "name": name, "parentId": parent.id},
        )
    return row


async def retire_category(
    context: Context, category_id: int, global_id: str
) -> PetitionCategoryRow:
    """Closed to new petitions; its petitions and statistics keep it."""
    account_id, path = _manager(context)
    async with change(context, account_id, conflict="The category changed meanwhile.") as changes:
        row = await changes.session.scalar(
            select(PetitionCategoryRow).where(PetitionCategoryRow.id == category_id)
        )
        if row is None:
            raise not_found("petition category", global_id)
        if row.retired_at is None:
            row.retired_at = utcnow()
            await changes.session.flush()
            await changes.record(
                event_type="petition_category.retired",
                org_path=path,
                entity_type=ENTITY,
                entity_id=row.id,
                changes={"code": row.code},
            )
    return row
