"""Demo functional departments 职能部门 (条): the district's bureaus and the street's squads
serving 锦绣社区, the street 城管中队's staff account, and petitions of 锦绣社区 dispatched to them
in every state: waiting (one for hours, so its staff have a reminder), accepted with a
co-handler, returned 退单, reported back awaiting the community's confirmation, and confirmed
and rated (so the departments' figures read true from the first start).

Written once, after the petitions and before their tallies are counted: a dispatched
petition's timeline tells its dispatch (its handling steps become the dispatch's steps) and
the departments' kept figures are added from the dispatches written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from db.accounts.models import AccountRow
from db.bulk import accounts_by_username, insert_rows, next_id
from db.departments.models import DepartmentKind, DepartmentRow, DispatchRow, DispatchStatus
from db.departments.tallies import SATISFIED, add_to_tallies
from db.departments.writes import (
    any_department,
    bind_department_account,
    insert_department,
    insert_dispatches,
)
from db.engine import Session
from db.organizations.models import get_organization_by_code
from db.petitions.models import PetitionAction, PetitionRow, PetitionStatus, PetitionStepRow
from db.petitions.retold import (
    add_steps,
    category_defaults,
    newest_petitions,
    relabel_steps,
    remove_steps,
)
from generators.demo.names import CITY_CODE, DEMO_DEPARTMENT_ACCOUNT, DISTRICTS

_DISTRICT = DISTRICTS[0][0]
_STREET = DISTRICTS[0][3][0]
_DISTRICT_CODE = f"{CITY_CODE}-01"
_STREET_CODE = f"{CITY_CODE}-01-01"
_COMMUNITY_CODE = f"{CITY_CODE}-01-01-01"
# (name, kind, at the street?) — named as the categories' default departments end, so a
# dispatch without a department finds them (resolvers/departments/dispatch.py).
DEPARTMENTS = (
    (f"{_STREET}城管中队", DepartmentKind.CITY_MANAGEMENT, True),
    (f"{_STREET}公安派出所", DepartmentKind.POLICE, True),
    (f"{_STREET}市场监督管理所", DepartmentKind.MARKET_REGULATION, True),
    (f"{_DISTRICT}房屋管理局", DepartmentKind.HOUSING, False),
    (f"{_DISTRICT}住房和城乡建设局", DepartmentKind.CONSTRUCTION, False),
    (f"{_DISTRICT}绿化和市容管理局", DepartmentKind.ENVIRONMENT, False),
    (f"{_DISTRICT}水务局", DepartmentKind.WATER, False),
    (f"{_DISTRICT}供电公司", DepartmentKind.POWER, False),
    (f"{_DISTRICT}燃气公司", DepartmentKind.GAS, False),
)
_SQUAD, _HOUSING = DEPARTMENTS[0][0], DEPARTMENTS[3][0]
_REPORT = "已到现场核查处置，并向居民反馈办理情况，今后纳入日常巡查。"
_RETURN = "经核查不属本中队职责，系小区内部物业管理问题，请派至区房屋管理局。"


@dataclass(frozen=True, slots=True)
class DemoDepartments:
    departments: int
    dispatches: int


async def seed_departments(
    session: Session, *, password_hash: str, now: datetime
) -> DemoDepartments | None:
    """The departments, the `department` account and the dispatches, once (None when present)."""
    if await any_department(session):
        return None
    district = await get_organization_by_code(session, _DISTRICT_CODE)
    street = await get_organization_by_code(session, _STREET_CODE)
    community = await get_organization_by_code(session, _COMMUNITY_CODE)
    if district is None or street is None or community is None:
        return None
    rows: dict[str, DepartmentRow] = {}
    for name, kind, at_street in DEPARTMENTS:
        serves = street if at_street else district
        rows[name] = await insert_department(
            session,
            {"name": name, "kind": kind, "org_id": serves.id, "org_path": serves.path,
             "created_at": now - timedelta(days=120)},
        )  # fmt: skip
    await _staff_account(session, rows[_SQUAD].id, password_hash, now)
    dispatches = await _dispatches(session, community.id, community.path, rows, now)
    return DemoDepartments(departments=len(rows), dispatches=dispatches)


async def _staff_account(
    session: Session, department_id: int, password_hash: str, now: datetime
) -> None:
    username = DEMO_DEPARTMENT_ACCOUNT.username
    found = await accounts_by_username(session, [username])
    account_id = found[username][0] if username in found else None
    if account_id is None:
        account_id = await next_id(session, AccountRow.__tablename__)
        await insert_rows(
            session,
            AccountRow,
            [
                {
                    "id": account_id,
                    "username": username,
                    "display_name": DEMO_DEPARTMENT_ACCOUNT.display_name,
                    "password_hash": password_hash,
                    "is_active": True,
                    "created_at": now,
                }
            ],
        )
    await bind_department_account(session, account_id, department_id)


async def _leads(
    session: Session, departments: dict[str, DepartmentRow]
) -> dict[int, DepartmentRow]:
    """Category id → the demo department its default department 默认承办部门 names (its level
    word set aside, as a dispatch without a department finds it)."""
    leads: dict[int, DepartmentRow] = {}
    for category_id, default in await category_defaults(session):
        key = (default or "").removeprefix("街道").removeprefix("区")
        found = [row for name, row in departments.items() if key and name.endswith(key)]
        if found:
            leads[category_id] = found[0]
    return leads


_RELABEL = {
    PetitionAction.ASSIGN: PetitionAction.DISPATCH,
    PetitionAction.START: PetitionAction.TAKE,
    PetitionAction.RESOLVE: PetitionAction.CONFIRM,
}


async def _relabel_steps(session: Session, petition: PetitionRow, lead: str) -> None:
    """A handled petition's steps become its dispatch's: assigned → dispatched to the
    department, started → accepted by it, resolved → confirmed by the community."""
    notes = {
        PetitionAction.DISPATCH: f"派单至{lead}（主办）",
        PetitionAction.TAKE: lead,
        PetitionAction.CONFIRM: f"{lead}：{petition.resolution or _REPORT}",
    }
    await relabel_steps(
        session, petition.id, {before: (after, notes[after]) for before, after in _RELABEL.items()}
    )


@dataclass(frozen=True, slots=True)
class _Story:
    """What happened to an open petition's dispatch: its steps (action, hours ago, by the
    department?), where the petition and the lead's dispatch stand, and a co-handler."""

    steps: tuple[tuple[PetitionAction, float, bool], ...]
    status: PetitionStatus
    dispatch: DispatchStatus
    co_handled: bool = False


_D, _T, _R, _B = (
    PetitionAction.DISPATCH,
    PetitionAction.TAKE,
    PetitionAction.REPORT,
    PetitionAction.RETURN,
)
_STORIES = (  # the most telling first: a small demo has few petitions to tell them with
    _Story(((_D, 30, False), (_T, 28, True), (_R, 2, True)), PetitionStatus.IN_PROGRESS,
           DispatchStatus.REPORTED),
    _Story(((_D, 6, False), (_B, 5, True)), PetitionStatus.ACCEPTED, DispatchStatus.RETURNED),
    _Story(((_D, 5, False),), PetitionStatus.ASSIGNED, DispatchStatus.DISPATCHED),
    _Story(((_D, 8, False), (_T, 7, True)), PetitionStatus.IN_PROGRESS, DispatchStatus.ACCEPTED,
           co_handled=True),
    _Story(((_D, 1, False),), PetitionStatus.ASSIGNED, DispatchStatus.DISPATCHED),
)  # fmt: skip
# The steps a dispatch's story replaces.
_HANDLING = [
    PetitionAction.ASSIGN,
    PetitionAction.START,
    PetitionAction.RESOLVE,
    PetitionAction.RATE,
    PetitionAction.CLOSE,
]
_STEP_STATUS = {
    _D: PetitionStatus.ASSIGNED,
    _T: PetitionStatus.IN_PROGRESS,
    _R: PetitionStatus.IN_PROGRESS,
    _B: PetitionStatus.ACCEPTED,
}


async def _dispatches(
    session: Session,
    community_id: int,
    path: str,
    departments: dict[str, DepartmentRow],
    now: datetime,
) -> int:
    squad, housing = departments[_SQUAD], departments[_HOUSING]
    people = await accounts_by_username(session, ["secretary", DEMO_DEPARTMENT_ACCOUNT.username])
    if "secretary" not in people:
        return 0
    dispatcher, dispatcher_name = people["secretary"]
    staff_name = people[DEMO_DEPARTMENT_ACCOUNT.username][1]
    written: list[dict[str, Any]] = []
    ratings: dict[int, int] = {}

    def dispatch(
        petition: PetitionRow,
        department: DepartmentRow,
        status: DispatchStatus,
        at: datetime,
        *,
        lead: bool = True,
        **values: Any,
    ) -> None:
        written.append(dict(
            petition_id=petition.id, department_id=department.id, lead=lead, status=status,
            deadline_at=at + timedelta(hours=72), dispatcher_account_id=dispatcher,
            dispatcher_org_id=community_id, dispatcher_org_path=path, version=1, created_at=at,
            updated_at=at, **values,
        ))  # fmt: skip

    leads = await _leads(session, departments)
    # The community's newest petitions tell the stories, whatever became of them (a resolved
    # or closed one becomes one still being handled by its department).
    statuses = tuple(status for status in PetitionStatus if status is not PetitionStatus.REJECTED)
    # The street's 城管中队 (the demo `department` account's) first, then the others.
    own = sorted(c for c, d in leads.items() if d is squad)
    opened = await newest_petitions(session, path, statuses, own, len(_STORIES))
    opened += await newest_petitions(
        session, path, statuses, own, len(_STORIES) - len(opened), other_categories=True
    )
    for petition, story in zip(opened, _STORIES, strict=False):
        lead = leads.get(petition.category_id, squad)
        co = housing if lead is not housing else squad
        worker = staff_name if lead is squad else f"{lead.name}工作人员"
        removed = await remove_steps(session, petition.id, _HANDLING)
        # A petition's version counts its steps (one per step taken).
        petition.version += len(story.steps) - removed
        before = PetitionStatus.ACCEPTED
        first = now - timedelta(hours=story.steps[0][1])
        if petition.status is PetitionStatus.SUBMITTED:
            petition.version += 1
            add_steps(session, [PetitionStepRow(
                petition_id=petition.id, action=PetitionAction.ACCEPT,
                from_status=PetitionStatus.SUBMITTED, to_status=PetitionStatus.ACCEPTED,
                actor_account_id=None, actor_name=dispatcher_name, organization_id=community_id,
                note=None, at=max(first - timedelta(minutes=30), petition.created_at),
            )])  # fmt: skip
        moments: dict[PetitionAction, datetime] = {}
        for action, hours, by_department in story.steps:
            at = max(now - timedelta(hours=hours), petition.created_at + timedelta(minutes=30))
            moments[action] = at
            after = _STEP_STATUS[action]
            who = lead.name + ("（主办）" if action is _D else "")
            text = {_R: f"：{_REPORT}", _B: f"：{_RETURN}"}.get(action, "")
            note = (f"派单至{who}" + ("，" + co.name + "（协办）" if story.co_handled else "")
                    if action is _D else lead.name + text)  # fmt: skip
            add_steps(session, [PetitionStepRow(
                petition_id=petition.id, action=action, from_status=before, to_status=after,
                actor_account_id=None, actor_name=worker if by_department else dispatcher_name,
                organization_id=community_id, note=note, at=at,
            )])  # fmt: skip
            before = after
        answered = moments.get(_T, moments.get(_B))
        dispatch(
            petition,
            lead,
            story.dispatch,
            moments[_D],
            answered_at=answered,
            return_reason=_RETURN if _B in moments else None,
            report=_REPORT if _R in moments else None,
            reported_at=moments.get(_R),
        )
        if story.co_handled:
            dispatch(petition, co, DispatchStatus.DISPATCHED, moments[_D], lead=False)
        petition.status = story.status
        petition.handler_account_id = None
        petition.handler_name = None if story.status is PetitionStatus.ACCEPTED else lead.name
        petition.resolution = petition.resolved_at = petition.handling_seconds = None
        petition.satisfaction = petition.rating_comment = petition.closed_at = None
        petition.level_deadline_at = moments[_D] + timedelta(hours=72)
    rated = PetitionStatus.RATED, PetitionStatus.CLOSED
    told = {petition.id for petition in opened}
    others = sorted(c for c, d in leads.items() if d is not squad)
    handled = [
        petition
        for categories, count in ((own, 3), (others, 2))
        for petition in (
            await newest_petitions(session, path, rated, categories, count + len(told))
        )
        if petition.id not in told
    ][:5]
    for petition in handled:
        lead = leads[petition.category_id]
        resolved = petition.resolved_at or now
        at = petition.created_at + (resolved - petition.created_at) / 4
        dispatch(petition, lead, DispatchStatus.CONFIRMED, at, answered_at=at,
                 report=petition.resolution, reported_at=resolved)  # fmt: skip
        if petition.satisfaction is not None:
            ratings[petition.id] = petition.satisfaction
        petition.handler_name = lead.name
        await _relabel_steps(session, petition, lead.name)
    await add_to_tallies(session, _figures(await insert_dispatches(session, written), ratings))
    return len(written)


def _figures(written: list[DispatchRow], ratings: dict[int, int]) -> dict[int, dict[str, int]]:
    """What the dispatches written add to their departments' kept figures."""
    figures: dict[int, dict[str, int]] = {}
    for row in written:
        found = figures.setdefault(row.department_id, {})
        reported_at = row.reported_at
        reported = reported_at is not None
        confirmed = row.status is DispatchStatus.CONFIRMED
        rating = ratings.get(row.petition_id) if confirmed else None
        for name, amount in (
            ("dispatched", 1),
            ("returned", int(row.status is DispatchStatus.RETURNED)),
            ("answered", int(reported)),
            ("on_time", int(reported_at is not None and reported_at <= row.deadline_at)),
            ("confirmed", int(confirmed)),
            ("rated", int(rating is not None)),
            ("satisfied", int(rating is not None and rating >= SATISFIED)),
            ("satisfaction", rating or 0),
        ):
            found[name] = found.get(name, 0) + amount
    return figures
