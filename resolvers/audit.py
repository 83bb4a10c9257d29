"""Auditing unmasked reads of personal data (batched into one INSERT per request tick)."""

from __future__ import annotations

from resolvers.context import Context


async def audit_personal_read(
    context: Context, entity_type: str, entity_id: int, field: str
) -> None:
    """Record that the viewer is about to receive `field` of the entity unmasked; awaited
    before the value is returned, so nothing unmasked leaves without its audit row."""
    await context.loaders.audit.load(
        (
            context.viewer.account_id,
            f"{entity_type}.personal_data_read",
            entity_type,
            entity_id,
            (("field", field),),
        )
    )
