"""Kinds of meeting 三会一课, 主题党日: the type, and each kind answered once per request for
the meetings a page lists (a page's twenty meetings name a few kinds)."""

from __future__ import annotations

from collections.abc import Awaitable

import strawberry

from db.meetings.queries import MeetingKindRecord
from resolvers.context import Context
from resolvers.meetings.reads import resolve_kind, resolve_kinds
from schema.answers import answer_all, shared_answer
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


async def _kinds(context: Context, codes: list[str]) -> list[MeetingKind | None]:
    found = await resolve_kinds(context, codes)
    return [MeetingKind.from_row(row) if row else None for row in found]


def _answers(context: Context) -> dict[str, object] | None:
    loaders = context.loaders.meetings
    return loaders.kind_answers if loaders.cache else None


def kind_answer(context: Context, code: str) -> Awaitable[MeetingKind | None] | MeetingKind | None:
    """A meeting's kind, built once per request (schema/answers.py); one its page answered
    (`answer_kinds`) at once."""
    return shared_answer(_answers(context), code, lambda key: _kind(context, key))


async def answer_kinds(context: Context, codes: list[str]) -> None:
    """The kinds a page's meetings name, built once each (the kinds are few: one statement)."""
    await answer_all(_answers(context), codes, lambda keys: _kinds(context, keys))
