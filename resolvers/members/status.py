"""A member's development status 发展阶段: moved only by the development pipeline's steps
(`resolvers/development/steps.py`), each with its dates, records and guards. The older
one-step mutation is kept for clients that still send it, and refuses with the step to use."""

from __future__ import annotations

from datetime import date

from db.members.models import MemberRow, MemberStatus
from resolvers.context import Context
from resolvers.errors import BadUserInput
from resolvers.members.writes import load_for_write

STEP_MUTATIONS = {
    MemberStatus.ACTIVIST: "admitActivist (with the activist date and two contacts)",
    MemberStatus.DEVELOPMENT_TARGET: "admitDevelopmentTarget (with the political review)",
    MemberStatus.PROBATIONARY: "admitProbationary (with the branch meeting's vote)",
    MemberStatus.FULL: "concludeProbation with decision CONFIRM",
    MemberStatus.CANCELLED: "concludeProbation with decision CANCEL",
}


async def change_member_status(
    context: Context,
    member_id: int,
    global_id: str,
    status: MemberStatus,
    join_date: date | None,
    today: date,
    expected_version: int | None = None,
) -> MemberRow:
    await load_for_write(context, member_id, global_id)
    step = STEP_MUTATIONS.get(status, "recordDevelopmentApplication")
    raise BadUserInput(
        "A stage changes only through the development pipeline 党员发展, whose steps keep "
        f"their dates and records and check the legal durations: to reach {status.name}, "
        f"use {step}.",
        field="status",
    )
