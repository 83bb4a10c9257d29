"""Reads of the development pipeline: a person's record, contacts, trainings and timeline,
and a subtree's funnel; each behind READ_MEMBERS where the person's branch is."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

from db.development.queries import (
    STEP_KEY,
    DevelopmentRecord,
    StepRecord,
    TrainingRecord,
    contacts_of,
    development_record,
    funnel_rows,
    timeline,
    trainings_of,
)
from db.members.queries import MemberRecord
from db.pagination import Page, PageRequest, paginate
from resolvers.access import Permission
from resolvers.context import Context
from resolvers.development.funnel import Funnel, funnel
from resolvers.errors import Forbidden
from resolvers.members.reads import resolve_member_by_id
from resolvers.organizations.reads import resolve_scope_under


@dataclass(frozen=True, slots=True)
class Development:
    member: MemberRecord
    record: DevelopmentRecord


async def resolve_development(context: Context, member_id: int) -> Development | None:
    """The person's development record if the viewer may read them; None otherwise."""
    member = await resolve_member_by_id(context, member_id)
    if member is None:
        return None
    read = context.loaders.reads.read
    async with read() as connection:
        record = await development_record(connection, member_id)
    return Development(member, record)


async def resolve_contacts(context: Context, member_id: int) -> list[MemberRecord]:
    async with context.loaders.reads.read() as connection:
        ids = await contacts_of(connection, member_id)
    found = await asyncio.gather(*(resolve_member_by_id(context, key) for key in ids))
    return [row for row in found if row is not None]


async def resolve_trainings(context: Context, member_id: int) -> list[TrainingRecord]:
    async with context.loaders.reads.read() as connection:
        return await trainings_of(connection, member_id)


async def resolve_timeline(
    context: Context, member_id: int, request: PageRequest
) -> tuple[Page[StepRecord], Callable[[], Awaitable[int]]]:
    return await paginate(
        context.loaders.reads.read, timeline(member_id), STEP_KEY, request, StepRecord
    )


async def resolve_funnel(
    context: Context, under: int | None, global_id: str | None, today: date
) -> Funnel:
    context.require_account()
    if not context.viewer.paths_for(Permission.READ_MEMBERS):
        raise Forbidden(
            "None of your roles may read party members; the development funnel is for "
            "secretaries and administrators."
        )
    roots = await resolve_scope_under(context, Permission.READ_MEMBERS, under, global_id=global_id)
    if not roots:
        return funnel([], today)
    async with context.loaders.reads.read() as connection:
        return funnel(await funnel_rows(connection, roots), today)
