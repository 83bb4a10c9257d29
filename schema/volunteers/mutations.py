"""Volunteer mutations: registering, the member link (双报到), ledger corrections."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from resolvers.volunteers.writes import (
    correct_hours,
    link_member,
    register_volunteer,
    reverse_entry,
)
from schema.info import Info
from schema.members.types import TYPE_NAME as MEMBER
from schema.relay import INPUT, expect_global_id
from schema.volunteers.types import ENTRY, TYPE_NAME, Volunteer, VolunteerHoursEntry


@strawberry.input(description="Register yourself as a volunteer 注册志愿者 (again: update).")
class RegisterVolunteerInput:
    skills: list[str] = strawberry.field(
        default_factory=list, description="Skills 特长, e.g. 理发, 维修, 法律咨询 (at most 20)."
    )
    availability: str | None = strawberry.field(
        default=None, description="When you can help 服务时间, e.g. 周末上午."
    )


@strawberry.input(description="Link a volunteer to their party-member record 关联党员 (双报到).")
class LinkVolunteerMemberInput:
    volunteer_id: strawberry.ID = strawberry.field(description="The volunteer 志愿者.")
    member_id: strawberry.ID = strawberry.field(description="The member record 党员.")


@strawberry.input(description="A staff correction to a volunteer's hours 时长补录.")
class CorrectHoursInput:
    volunteer_id: strawberry.ID = strawberry.field(description="The volunteer 志愿者.")
    minutes: int = strawberry.field(description="Minutes to add (negative to take away) 分钟.")
    day: date = strawberry.field(description="The day it counts for 日期.")
    note: str = strawberry.field(description="Why 原因 (at most 200 characters).")
    idempotency_key: str = strawberry.field(
        description="A unique string (a UUID) 幂等键: a retry writes nothing more."
    )


@strawberry.input(description="Reverse a ledger entry exactly 冲正.")
class ReverseHoursEntryInput:
    entry_id: strawberry.ID = strawberry.field(description="The entry 时长记录.")
    note: str = strawberry.field(description="Why 原因 (at most 200 characters).")


@strawberry.type(description="志愿者操作结果 The result of a volunteer mutation.")
class VolunteerPayload:
    volunteer: Volunteer = strawberry.field(description="当前志愿者 The volunteer as they are now.")


@strawberry.type(description="时长台账操作结果 The result of a ledger mutation.")
class HoursEntryPayload:
    entry: VolunteerHoursEntry = strawberry.field(description="The entry written 时长记录.")


@strawberry.type
class VolunteerMutations:
    @strawberry.mutation(description="Register yourself as a volunteer 注册志愿者.")
    async def register_volunteer(
        self, info: Info, input: Annotated[RegisterVolunteerInput, INPUT]
    ) -> VolunteerPayload:
        row = await register_volunteer(info.context, input.skills, input.availability)
        return VolunteerPayload(volunteer=Volunteer.from_row(row))

    @strawberry.mutation(
        description="Link a volunteer to their party-member record 关联党员: from then on their "
        "hours count for the member's residence community (双报到). Needs MANAGE_VOLUNTEERS "
        "where the volunteer is and READ_MEMBERS where the member is."
    )
    async def link_volunteer_member(
        self, info: Info, input: Annotated[LinkVolunteerMemberInput, INPUT]
    ) -> VolunteerPayload:
        row = await link_member(
            info.context,
            expect_global_id(input.volunteer_id, TYPE_NAME, field="volunteerId"),
            input.volunteer_id,
            expect_global_id(input.member_id, MEMBER, field="memberId"),
            input.member_id,
        )
        return VolunteerPayload(volunteer=Volunteer.from_row(row))

    @strawberry.mutation(
        description="Add a correction entry to a volunteer's hours 时长补录 (who manages "
        "volunteers there)."
    )
    async def correct_volunteer_hours(
        self, info: Info, input: Annotated[CorrectHoursInput, INPUT]
    ) -> HoursEntryPayload:
        row = await correct_hours(
            info.context,
            expect_global_id(input.volunteer_id, TYPE_NAME, field="volunteerId"),
            input.volunteer_id,
            input.minutes,
            input.day,
            input.note,
            input.idempotency_key,
        )
        return HoursEntryPayload(entry=VolunteerHoursEntry.from_row(row))

    @strawberry.mutation(
        description="Reverse a ledger entry exactly 冲正 (once; the entry itself never changes)."
    )
    async def reverse_volunteer_hours_entry(
        self, info: Info, input: Annotated[ReverseHoursEntryInput, INPUT]
    ) -> HoursEntryPayload:
        row = await reverse_entry(
            info.context,
            expect_global_id(input.entry_id, ENTRY, field="entryId"),
            input.entry_id,
            input.note,
        )
        return HoursEntryPayload(entry=VolunteerHoursEntry.from_row(row))
