"""A petition a functional department holds 部门办理中: while a dispatch of it is live
(dispatched, accepted, a co-handler's part added, or reported; not returned, withdrawn or
confirmed), its ordinary handling steps and merging are refused. Its outcome comes through
the dispatch (the department's report, the dispatcher's confirmation), or the dispatcher
takes it back first (`withdrawDispatch`); supervision 督办 may still mark it."""

from __future__ import annotations

from db.base import CHINA_STANDARD_TIME
from db.departments.models import LIVE_STATUSES
from db.petitions.models import PetitionAction
from db.petitions.queries import PetitionRecord
from resolvers.context import Context
from resolvers.errors import Conflict

A = PetitionAction
# The steps a department's holding leaves open to the petition itself.
UNHELD = frozenset({A.SUPERVISE, A.RATE, A.REOPEN, A.CLOSE, A.ACCEPT})


async def refuse_if_held(
    context: Context, row: PetitionRecord, action: A, *, field: str = "id"
) -> None:
    """CONFLICT naming the department holding the petition, its deadline and what to do."""
    if action in UNHELD:
        return
    dispatches = await context.loaders.departments.of_petition.load(row.id)
    live = [d for d in dispatches if d.status in LIVE_STATUSES]
    if not live:
        return
    lead = next((d for d in live if d.lead), live[0])
    department = await context.loaders.departments.by_id.load(lead.department_id)
    name = department.name if department else "a functional department"
    due = lead.deadline_at.astimezone(CHINA_STANDARD_TIME)
    raise Conflict(
        f"《{row.title}》 is held by {name} (dispatch {lead.status.name}, due {due:%Y-%m-%d %H:%M} "
        f"Beijing time), so it cannot {action.value} now: wait for the department's report and "
        "confirm it (confirmDispatch), or take the petition back first (withdrawDispatch).",
        field=field,
    )
