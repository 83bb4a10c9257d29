"""Transfer queries: one by ID, and the lists of either side (and a member's own)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import strawberry

from db.transfers import models as rows
from db.transfers.queries import TransferFilter, TransferRecord
from resolvers.pagination import page_request
from resolvers.transfers.reads import (
    TransferCriteria,
    read_named,
    resolve_transfer_by_id,
    resolve_transfers,
)
from schema.info import Info
from schema.members.types import answer_members
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.organizations.types import answer_organizations
from schema.relay import Connection, build_connection, expect_global_id, page_argument
from schema.selections import selects_listed
from schema.transfers.enums import TransferDirection, TransferStatus
from schema.transfers.types import TYPE_NAME, Transfer


@strawberry.input(description="Which transfers to list 转接筛选.")
class TransferListFilter:
    under: strawberry.ID | None = strawberry.field(
        default=None,
        description="Only transfers from or to this organisation's subtree 组织范围 (without "
        "it: your whole scope, and a member's own transfers).",
    )
    direction: TransferDirection = strawberry.field(
        default=TransferDirection.BOTH,
        description="Into the subtree 转入, out of it 转出, or both.",
    )
    statuses: list[TransferStatus] | None = strawberry.field(
        default=None, description="Only these statuses 状态."
    )
    out_of_platform: bool | None = strawberry.field(
        default=None,
        description="Only transfers out of the platform 转出平台 (true) or only those within the "
        "city (false). Out of the platform and DONE, outgoing: the former members 已转出党员 of "
        "the subtree, with when (`finishedAt`) and where (`destinationText`, `letterNumber`) "
        "they went.",
    )


async def _answer_named(info: Info, transfers: Sequence[TransferRecord]) -> None:
    """A page of transfers answers the members and branches its rows name, when the query
    asks for them, before its rows are completed (`answer_members`, `answer_organizations`),
    and reads what their names show (`read_named`)."""
    context = info.context
    if selects_listed(info, "member"):
        await answer_members(context, [row.member_id for row in transfers])
    branches: list[int] = []
    if selects_listed(info, "source"):
        branches += [row.source_branch_id for row in transfers]
    if selects_listed(info, "destination"):
        branches += [row.destination_branch_id for row in transfers if row.destination_branch_id]
    if branches:
        await answer_organizations(context, branches)
    await read_named(
        context,
        transfers,
        members=selects_listed(info, "memberName"),
        branches=selects_listed(info, "sourceName") or selects_listed(info, "destinationName"),
    )


@strawberry.type
class TransferQueries:
    @strawberry.field(description="One transfer 组织关系转接 by ID; null if not yours to see.")
    async def transfer(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="标识 Its ID.")],
    ) -> Transfer | None:
        found = await resolve_transfer_by_id(
            info.context, expect_global_id(id, TYPE_NAME, field="id")
        )
        return Transfer.from_row(found) if found else None

    @strawberry.field(
        description="Transfers 组织关系转接 from or to the branches you read (both sides' "
        "secretaries see one), and a party member's own; oldest first."
    )
    async def transfers(
        self,
        info: Info,
        filter: Annotated[
            TransferListFilter | None, strawberry.argument(description="Narrow the list 筛选.")
        ] = None,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[Transfer]:
        request = page_request(first=first, after=after, last=last, before=before)
        where = filter or TransferListFilter()
        criteria = TransferCriteria(
            under=expect_global_id(where.under, ORGANIZATION, field="under")
            if where.under
            else None,
            under_global_id=where.under,
            narrow=TransferFilter(
                incoming=where.direction is not TransferDirection.OUTGOING,
                outgoing=where.direction is not TransferDirection.INCOMING,
                statuses=[rows.TransferStatus[s.name] for s in where.statuses or ()],
                out_of_platform=where.out_of_platform,
            ),
        )
        page, count = await resolve_transfers(info.context, criteria, request)
        await _answer_named(info, page.rows)
        return build_connection(page, Transfer.from_row, count)
