"""The petition taxonomy: listing it, and administrators adding and retiring categories."""

from __future__ import annotations

from db.base import utcnow
from db.events.types import EventType
from db.petitions.models import CategoryKind, PetitionCategoryRow, get_categories
from db.petitions.writes import insert_category, mark_category_retired
from resolvers.access import Permission
from resolvers.changes import change
from resolvers.context import Context
from resolvers.errors import BadUserInput, Forbidden, not_found
from resolvers.validation import clean_code, clean_text


async def list_categories(
    context: Context, *, include_retired: bool, kind: CategoryKind | None = None
) -> list[PetitionCategoryRow]:
    context.require_account()
    async with context.services.database.session() as session:
        rows = await get_categories(session)
    return [
        row
        for row in rows
        if (include_retired or row.retired_at is None) and (kind is None or row.kind is kind)
    ]


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
        values = {
            "parent_id": parent.id,
            "code": code,
            "name": name,
            "kind": parent.kind,
            "deadline_hours": deadline_hours,
            "default_department": parent.default_department,
            "created_at": utcnow(),
        }
        row = await insert_category(changes.session, values)
        changes.record(
            EventType.PETITION_CATEGORY_CREATED,
            row.id,
            at=path,
            changes={"code": code, "name": name, "parentId": parent.id},
        )
    return row


async def retire_category(
    context: Context, category_id: int, global_id: str
) -> PetitionCategoryRow:
    """Closed to new petitions; its petitions and statistics keep it."""
    account_id, path = _manager(context)
    async with change(context, account_id, conflict="The category changed meanwhile.") as changes:
        retired = await mark_category_retired(changes.session, category_id, utcnow())
        if retired is None:
            raise not_found("petition category", global_id)
        row, newly = retired
        if newly:
            changes.record(
                EventType.PETITION_CATEGORY_RETIRED, row.id, at=path, changes={"code": row.code}
            )
    return row
