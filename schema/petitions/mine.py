"""A resident's own view: the petitions they raised, and each step of them live, so a
resident app needs no polling."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from db.events.log import EventRow
from db.events.types import EventType
from resolvers.events.inbox import follow_inbox
from resolvers.pagination import encode_cursor, page_request
from resolvers.petitions import reads as resolvers
from schema.info import Info
from schema.petitions.enums import PetitionAction, PetitionStatus
from schema.petitions.types import Petition
from schema.relay import Connection, build_connection, page_argument


@strawberry.type(description="A step of a petition you raised 我的诉求进展, delivered live.")
class MyPetitionChange:
    cursor: str = strawberry.field(
        description="游标 Pass the last one you received as `after` to resume without gaps."
    )
    action: PetitionAction = strawberry.field(description="The step taken 办理环节.")
    status: PetitionStatus = strawberry.field(description="Where the petition stands now 状态.")
    petition_id: strawberry.Private[int]

    @strawberry.field(
        description="当前诉求 The petition as it is now (null only if it has gone since)."
    )
    async def petition(self, info: Info) -> Petition | None:
        found = await resolvers.resolve_petition_by_id(info.context, self.petition_id)
        return Petition.from_row(found) if found else None


def to_change(row: EventRow) -> MyPetitionChange:
    changed = row.payload["changes"]
    return MyPetitionChange(
        cursor=encode_cursor(row.id),
        action=PetitionAction(changed["action"]),
        status=PetitionStatus(changed["status"]),
        petition_id=row.entity_id,
    )


@strawberry.type
class MyPetitionQueries:
    @strawberry.field(
        description="The petitions you raised 我的诉求, in the order you raised them (the same "
        "as `petitions(filter: {mine: true})`)."
    )
    async def my_petitions(
        self,
        info: Info,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[Petition]:
        request = page_request(first=first, after=after, last=last, before=before)
        criteria = resolvers.PetitionCriteria(mine=True)
        page, count = await resolvers.resolve_petitions(info.context, criteria, request)
        return build_connection(page, Petition.from_row, count)


@strawberry.type
class MyPetitionSubscriptions:
    @strawberry.subscription(
        description="Each step of the petitions you raised 我的诉求进展, live, each once, and "
        "nobody else's. Pass the last `cursor` as `after` to get the steps taken while you were "
        "away."
    )
    async def my_petition_changed(
        self,
        info: Info,
        after: Annotated[
            str | None, strawberry.argument(description="续传游标 Resume after this cursor.")
        ] = None,
    ) -> AsyncGenerator[MyPetitionChange, None]:
        kinds = frozenset({EventType.PETITION_CHANGED_FOR_SUBMITTER})
        stream = await follow_inbox(info.context, kinds, after, to_change)
        async for row in stream:
            yield to_change(row)
