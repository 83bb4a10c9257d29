"""Kinds of meeting 三会一课, 主题党日: the type, and each kind answered once per request for
the meetings a page lists (a page's twenty meetings name a few kinds)."""

from __future__ import annotations

from collections.abc import Awaitable

import strawberry

from db.meetings.queries import MeetingKindRecord
from resolvers.context import Context
from resolvers.meetings.reads import resolve_kind
from schema.meetings.enums import MeetingCadence


@strawberry.type(description="A kind of meeting 会议类型 (三会一课, 主题党日) and its cadence.")
class MeetingKind:
    code: str = strawberry.field(description="类型代码 Stable code, e.g. `branch_assembly`.")
    name: str = strawberry.field(description="Name 名称, e.g. 支部党员大会.")
    cadence: MeetingCadence = strawberry.field(description="Held at least this often 频次.")

    @classmethod
    def from_row(cls, row: MeetingKindRecord) -> MeetingKind:
        return cls(code=row.code, name=row.name, cadence=MeetingCadence(row.cadence.value))


async def _kind(context: Context, code: str) -> MeetingKind | None:
    found = await resolve_kind(context, code)
    return MeetingKind.from_row(found) if found else None


def kind_answer(context: Context, code: str) -> Awaitable[MeetingKind | None] | MeetingKind:
    """A meeting's kind: the one its page answered (`answer_kinds`), else read for it."""
    known = context.loaders.meetings.kind_answers.get(code)
    return known if type(known) is MeetingKind else _kind(context, code)


async def answer_kinds(context: Context, codes: list[str]) -> None:
    """The kinds a page's meetings name, built once each (the kinds are few: one statement)."""
    loaders = context.loaders.meetings
    if loaders.cache:
        wanted = [code for code in dict.fromkeys(codes) if code not in loaders.kind_answers]
        for code, found in zip(wanted, await loaders.kind.load_many(wanted), strict=True):
            if found is not None:
                loaders.kind_answers[code] = MeetingKind.from_row(found)
