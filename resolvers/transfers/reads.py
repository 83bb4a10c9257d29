"""Who sees a transfer: the secretaries (READ_TRANSFERS) over either branch, its source or its
destination, and the member themself. A side's list is an index range over that side's path;
a member's own list is theirs by member id."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from db.base import utcnow
from db.members.queries import MemberRecord
from db.organizations.queries import OrganizationRecord
from db.pagination import Page, PageRequest, paginate
from db.transfers.models import TransferAction, TransferStatus
from db.transfers.queries import (
    STEP_KEY,
    TRANSFER_KEY,
    TransferFilter,
    TransferRecord,
    TransferStepRecord,
    step_list,
    transfer_list,
)
from resolvers.access import Permission, Viewer
from resolvers.context import Context
from resolvers.errors import Forbidden
from resolvers.organizations.reads import resolve_scope_under
from resolvers.transfers.workflow import actors_of, allowed_actions


def may_read_transfer(viewer: Viewer, row: TransferRecord) -> bool:
    return (
        viewer.is_member(row.member_id)
        or viewer.can(Permission.READ_TRANSFERS, row.source_path)
        or (
            row.destination_path is not None
            and viewer.can(Permission.READ_TRANSFERS, row.destination_path)
        )
    )


async def resolve_transfer_by_id(context: Context, transfer_id: int) -> TransferRecord | None:
    context.require_account()
    row = await context.loaders.transfers.by_id.load(transfer_id)
    return row if row is not None and may_read_transfer(context.viewer, row) else None


def is_overdue(row: TransferRecord, now: datetime | None = None) -> bool:
    """Approved, within the city, and the destination has not answered by its date."""
    return (
        row.status is TransferStatus.APPROVED
        and row.answer_due_at is not None
        and row.answer_due_at < (now or utcnow())
    )


def steps_for(context: Context, row: TransferRecord) -> list[TransferAction]:
    """The steps the viewer may take on the transfer now."""
    return allowed_actions(row, actors_of(context.viewer, row))


def resolve_member_name(context: Context, row: TransferRecord) -> Awaitable[str] | str:
    """The member's name: whoever sees the transfer (the destination too) learns who comes.
    At once when the page has read the member (`read_named`)."""
    found = context.loaders.members.by_id.load(row.member_id)
    if found.done():
        member = found.result()
        return member.name if member else ""
    return _member_name(found)


async def _member_name(found: Awaitable[MemberRecord | None]) -> str:
    member = await found
    return member.name if member else ""


def resolve_branch_name(
    context: Context, branch_id: int | None
) -> Awaitable[str | None] | str | None:
    """A branch's name, for either side of a transfer whoever's subtree it lies in. At once
    when the page has read the branch (`read_named`)."""
    if branch_id is None:
        return None
    found = context.loaders.organizations.by_id.load(branch_id)
    if found.done():
        branch = found.result()
        return branch.name if branch else None
    return _branch_name(found)


async def _branch_name(found: Awaitable[OrganizationRecord | None]) -> str | None:
    branch = await found
    return branch.name if branch else None


async def read_named(
    context: Context, rows: Sequence[TransferRecord], *, members: bool, branches: bool
) -> None:
    """Read the members and branches a page's names show, one batch each, before its rows
    are completed, so that each row's name answers at once. Where reads are not cached (a
    subscription's events) each row reads its own, as before."""
    if not context.loaders.cache:
        return
    if members:
        await context.loaders.members.by_id.load_many([row.member_id for row in rows])
    if branches:
        ids = [row.source_branch_id for row in rows]
        ids += [row.destination_branch_id for row in rows if row.destination_branch_id]
        await context.loaders.organizations.by_id.load_many(ids)


@dataclass(frozen=True, slots=True)
class TransferCriteria:
    under: int | None = None
    under_global_id: str | None = None
    narrow: TransferFilter = field(default_factory=TransferFilter)


async def resolve_transfers(
    context: Context, criteria: TransferCriteria, request: PageRequest
) -> tuple[Page[TransferRecord], Callable[[], Awaitable[int]]]:
    """The transfers from or to the subtrees the viewer reads (narrowed to `under`), and,
    without `under`, a member's own."""
    roots = await resolve_scope_under(
        context, Permission.READ_TRANSFERS, criteria.under, global_id=criteria.under_global_id
    )
    member_id = context.viewer.member_id if criteria.under is None else None
    if criteria.under is None and not roots and member_id is None:
        raise Forbidden(
            "None of your roles may read transfers: branch secretaries read those of their "
            "branches, and a party member their own.",
            permission=Permission.READ_TRANSFERS.value,
        )
    query = transfer_list(roots, criteria.narrow, member_id)
    return await paginate(context.loaders.reads.read, query, TRANSFER_KEY, request, TransferRecord)


async def resolve_timeline(
    context: Context, row: TransferRecord, request: PageRequest
) -> tuple[Page[TransferStepRecord], Callable[[], Awaitable[int]]]:
    return await paginate(
        context.loaders.reads.read, step_list(row.id), STEP_KEY, request, TransferStepRecord
    )
