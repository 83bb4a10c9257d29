"""The default kinds of meeting 三会一课 and 主题党日, with the usual required cadence."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.meetings.models import Cadence, MeetingKindRow

# code, name, cadence (支部党员大会 and 党课 at least quarterly; the others at least monthly).
DEFAULT_KINDS: tuple[tuple[str, str, Cadence], ...] = (
    ("branch_assembly", "支部党员大会", Cadence.QUARTERLY),
    ("branch_committee", "支部委员会", Cadence.MONTHLY),
    ("group_meeting", "党小组会", Cadence.MONTHLY),
    ("party_lecture", "党课", Cadence.QUARTERLY),
    ("party_day", "主题党日", Cadence.MONTHLY),
)


def default_kind_rows() -> list[dict[str, object]]:
    return [
        {"code": code, "name": name, "cadence": cadence.value, "position": position}
        for position, (code, name, cadence) in enumerate(DEFAULT_KINDS)
    ]


async def ensure_default_kinds(session: AsyncSession) -> None:
    """Add the default kinds that are missing (the migration seeds them; tests truncate)."""
    present = set(await session.scalars(select(MeetingKindRow.code)))
    for row in default_kind_rows():
        if row["code"] not in present:
            session.add(
                MeetingKindRow(
                    code=row["code"],
                    name=row["name"],
                    cadence=Cadence(str(row["cadence"])),
                    position=row["position"],
                )
            )
    await session.flush()
