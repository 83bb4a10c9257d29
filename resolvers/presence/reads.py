"""Presence 在场: a member's figures over the last months, and the party members of a subtree
with none (口袋党员 candidates, for their secretary to look after).

A window of N months is the current month (China time) and the N - 1 before it. A month
counts as present when the member checked in at a meeting, paid that month's dues, or checked
in at an activity in it. Everything is read from the kept figures (db/presence).
Who sees a member's presence: the member themself, who may read members where the member's
branch is, and who may read members where the community they are registered with (双报到) is.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date

from db.base import utcnow
from db.members.queries import MEMBER_KEY, MemberRecord
from db.pagination import Page, PageRequest, paginate
from db.paths import path_ids
from db.presence.queries import PresenceFigures, PresenceMonth, absent_count, absent_list
from db.presence.tallies import china_month
from resolvers.access import Permission
from resolvers.context import Context
from resolvers.errors import BadUserInput
from resolvers.members.reads import resolve_member_by_id
from resolvers.mobility.reads import resolve_registered_member
from resolvers.organizations.reads import resolve_scope_under

DEFAULT_MONTHS = 6
MAX_MONTHS = 36


def window_start(months: int, this_month: date | None = None) -> date:
    """The first month of a window of `months` months ending with this one."""
    if not 1 <= months <= MAX_MONTHS:
        raise BadUserInput(f"`months` must be between 1 and {MAX_MONTHS}.", field="months")
    month = this_month or china_month(utcnow())
    index = month.year * 12 + month.month - 1 - (months - 1)
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True, slots=True)
class Presence:
    """A member's presence in a window: the figures (zero when nothing is kept)."""

    member: MemberRecord
    months: int
    since: date


def empty_figures(member_id: int) -> PresenceFigures:
    return PresenceFigures(member_id, 0, 0, 0, 0, None)


async def resolve_member_presence(context: Context, member_id: int, months: int) -> Presence | None:
    """The member's presence if the viewer may read them (or is them, or is the side of the
    community they are registered with 双报到); None otherwise."""
    since = window_start(months)
    member = await resolve_member_by_id(context, member_id) or await resolve_registered_member(
        context, member_id
    )
    return None if member is None else Presence(member, months, since)


async def resolve_my_presence(context: Context, months: int) -> Presence | None:
    member_id = context.viewer.member_id
    return None if member_id is None else await resolve_member_presence(context, member_id, months)


async def resolve_absent_members(
    context: Context,
    under: int | None,
    under_global_id: str | None,
    months: int,
    request: PageRequest,
) -> tuple[Page[MemberRecord], Callable[[], Awaitable[int]], date]:
    """Party members where the viewer may read members with no presence in the window."""
    since = window_start(months)
    context.viewer.require_anywhere(
        Permission.READ_MEMBERS, what="the list of members without presence"
    )
    roots = await resolve_scope_under(
        context, Permission.READ_MEMBERS, under, global_id=under_global_id
    )
    query = absent_list(roots, since)
    page, _ = await paginate(context.loaders.reads.read, query, MEMBER_KEY, request, MemberRecord)

    async def count() -> int:  # from the kept figures, not a walk of the members
        async with context.loaders.reads.read() as connection:
            return await absent_count(connection, [path_ids(root)[-1] for root in roots], since)

    return page, count, since


def resolve_figures(
    context: Context, presence: Presence
) -> Awaitable[PresenceFigures] | PresenceFigures:
    """The member's figures in the window; at once when the page has read them
    (`read_figures`)."""
    found = context.loaders.presence.figures.load((presence.member.id, presence.since))
    if found.done():
        return found.result() or empty_figures(presence.member.id)
    return _figures(found, presence.member.id)


async def _figures(found: Awaitable[PresenceFigures | None], member_id: int) -> PresenceFigures:
    return await found or empty_figures(member_id)


def resolve_months(
    context: Context, presence: Presence
) -> Awaitable[list[PresenceMonth]] | list[PresenceMonth]:
    """The member's months with any presence in the window, oldest first; at once when the
    page has read them (`read_presence`)."""
    found = context.loaders.presence.months.load((presence.member.id, presence.since))
    return found.result() if found.done() else found


async def read_presence(
    context: Context, members: Sequence[MemberRecord], since: date, *, figures: bool, months: bool
) -> None:
    """Read a page's figures and months (those asked for) in one batch each before its rows
    are completed, so that each row answers at once. Where reads are not cached (a
    subscription's events) each row reads its own, as before."""
    if not context.loaders.cache:
        return
    keys = [(row.id, since) for row in members]
    if figures:
        await context.loaders.presence.figures.load_many(keys)
    if months:
        await context.loaders.presence.months.load_many(keys)
