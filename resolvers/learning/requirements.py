"""The yearly study requirement 年度学时要求: 32 class hours unless an administrator of the
whole tree sets another figure for a year, before anyone is credited in it (the kept figures
judge each member against the requirement when their minutes are written, so it cannot
change under them)."""

from __future__ import annotations

from datetime import datetime

from db.base import china_day, utcnow
from db.events.types import EventType
from db.learning.models import CLASS_HOUR_MINUTES
from db.learning.writes import set_requirement, year_has_credits
from db.paths import path_ids
from resolvers.access import Permission
from resolvers.changes import change
from resolvers.context import Context
from resolvers.errors import BadUserInput, Forbidden
from resolvers.validation import check_range


async def set_study_requirement(
    context: Context, year: int, class_hours: int, *, now: datetime | None = None
) -> int:
    """Set the year's requirement; the minutes it comes to."""
    account_id = context.require_account()
    roots = [
        path
        for path in context.viewer.paths_for(Permission.MANAGE_LEARNING)
        if len(path_ids(path)) == 1
    ]
    if not roots:
        raise Forbidden(
            "Only an administrator of the whole tree may set the yearly study requirement."
        )
    this_year = china_day(now or utcnow()).year
    check_range(year, field="year", low=this_year, high=this_year + 1, what="(this or next year)")
    check_range(class_hours, field="classHours", low=1, high=200, what="class hours")
    minutes = class_hours * CLASS_HOUR_MINUTES
    async with change(context, account_id, conflict="set meanwhile") as changes:
        if await year_has_credits(changes.session, year):
            raise BadUserInput(
                f"Members have been credited study in {year} already, judged against its "
                "requirement; set a requirement before a year's first credit (next year's now).",
                field="year",
            )
        await set_requirement(changes.session, year, minutes)
        changes.record(
            EventType.LEARNING_REQUIREMENT_SET,
            year,
            at=roots[0],
            changes={"year": year, "requiredMinutes": minutes},
        )
    return minutes
