"""The units and organisations a page of the resource wall's rows name, answered before its
rows are completed when the query asks for them (schema/answers.py): one batch each, and every
row's field answers at once."""

from __future__ import annotations

from collections.abc import Iterable

from schema.info import Info
from schema.organizations.types import answer_organizations
from schema.selections import selects_listed
from schema.units.types import answer_units


async def answer_named(
    info: Info, unit_ids: Iterable[int] = (), organization_ids: Iterable[int] = ()
) -> None:
    """Answer the rows' `unit` and `organization` fields, those the query selects."""
    if selects_listed(info, "unit"):
        await answer_units(info.context, unit_ids)
    if selects_listed(info, "organization"):
        await answer_organizations(info.context, organization_ids)
