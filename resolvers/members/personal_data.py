"""Personal data (ID card, phone, address): masked unless the viewer's role allows it, and
every unmasked read audited."""

from __future__ import annotations

from collections.abc import Callable

from db.members.queries import MemberRecord
from resolvers.access import Permission
from resolvers.audit import audit_personal_read
from resolvers.context import Context
from resolvers.members.identity import (
    mask_address,
    mask_id_card,
    mask_phone,
)
from resolvers.members.reads import ENTITY

PERSONAL_FIELDS: dict[str, Callable[[str], str]] = {
    "id_card_number": mask_id_card,
    "phone": mask_phone,
    "address": mask_address,
}


def may_read_personal_data(context: Context, row: MemberRecord) -> bool:
    return context.viewer.acts_for_member(Permission.READ_PERSONAL_DATA, row.id, row.org_path)


async def resolve_personal_field(context: Context, row: MemberRecord, field: str) -> str | None:
    """Masked unless the viewer's role allows; an unmasked read is audited before it is sent."""
    value: str | None = getattr(row, field)
    if value is None:
        return None
    if not may_read_personal_data(context, row):
        return PERSONAL_FIELDS[field](value)
    await audit_personal_read(context, ENTITY, row.id, field)
    return value
