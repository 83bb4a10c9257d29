"""Demo petitions that come back: one lamp reported twice in the demo grid worker's grid (the
second report merged into the first, still open, so a third resident's report of it is
suggested), and questions answered well before, for the answers that come back 智能答复."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from db.accounts.models import get_bindings_with_paths
from db.base import china_day
from db.bulk import accounts_by_username, organizations_under
from db.engine import Session
from db.organizations.models import GovernanceLevel
from db.paths import is_within
from db.petitions.categories import ensure_default_categories
from db.petitions.models import PetitionAction, PetitionChannel, PetitionStatus
from db.petitions.words import count_words
from db.petitions.writes import Step, add_petition_steps, insert_petition

A = PetitionAction
S = PetitionStatus
LAMP = ("楼道灯坏了", "5号楼2单元楼道灯坏了三天，晚上上下楼一片漆黑，老人不敢出门。")
LAMP_AGAIN = ("5号楼楼道没有灯", "5号楼2单元的楼道灯一直不亮，声控灯拍了也没反应，请尽快修。")
# (category code, title, content, resolution): questions residents ask again and again.
ANSWERED = (
    ("PS-JOBS", "灵活就业怎么交社保", "刚开始做灵活就业，想问社保和医保在哪里缴、怎么办。",
     "灵活就业人员可在“随申办”或社区事务受理服务中心办理参保登记，选择缴费档次后按月缴费；"
     "医保同时办理。带身份证即可，社区就业援助员可陪同办理。"),
    ("PB-MEMBER", "组织关系怎么转到社区", "我是流动党员，想把组织关系转到居住地社区党组织。",
     "请先联系原党组织开具组织关系介绍信（全国党员管理信息系统线上转接），再到社区党群服务站"
     "报到，由社区党委接收并编入支部。"),
    ("PS-CONVENIENCE", "居住证明怎么开", "办理孩子入学需要居住证明，请问在哪里开，要带什么。",
     "居住证明可在社区事务受理服务中心当场开具，带户口簿、房产证或租赁登记备案证明；"
     "也可在“随申办”线上申请，三个工作日内办结。"),
)  # fmt: skip


async def seed_repeats(session: Session, *, root_path: str, now: datetime) -> int:
    """Insert the repeated reports and the answered questions; how many petitions."""
    codes = await ensure_default_categories(session)
    accounts = {name: key for name, (key, _n) in (await accounts_by_username(session)).items()}
    worker, resident = accounts.get("gridworker"), accounts.get("resident")
    staff = accounts.get("station") or accounts.get("admin")
    if worker is None or resident is None or staff is None:
        return 0
    beat = [path for _r, _o, path in await get_bindings_with_paths(session, worker)]
    home = [path for _r, _o, path in await get_bindings_with_paths(session, resident)]
    grids = [
        row
        for row in await organizations_under(session, root_path)
        if row.level == GovernanceLevel.GRID
    ]
    lamp_grid = next((g for g in grids if any(is_within(g.path, p) for p in beat)), None)
    home_grids = [g for g in grids if any(is_within(g.path, p) for p in home)]
    if lamp_grid is None or not home_grids:
        return 0
    written = 0
    master_at = now - timedelta(days=2)
    master = await _insert(
        session,
        _values(LAMP, codes["PS-FACILITY"], lamp_grid, master_at, S.ACCEPTED, staff, reporters=2),
        [
            (A.SUBMIT, None, S.SUBMITTED, master_at),
            (A.ACCEPT, S.SUBMITTED, S.ACCEPTED, master_at),
            (A.MERGE, S.ACCEPTED, S.ACCEPTED, now - timedelta(days=1)),
        ],
    )
    report_at = now - timedelta(days=1)
    await _insert(
        session,
        _values(LAMP_AGAIN, codes["PS-FACILITY"], lamp_grid, report_at, S.MERGED, staff)
        | {"master_id": master},
        [(A.SUBMIT, None, S.SUBMITTED, report_at), (A.MERGE, S.SUBMITTED, S.MERGED, report_at)],
    )
    written += 2
    for index, (code, title, content, resolution) in enumerate(ANSWERED):
        asked = now - timedelta(days=20 + 3 * index)
        resolved = asked + timedelta(hours=20)
        values = _values((title, content), codes[code], home_grids[0], asked, S.CLOSED, staff) | {
            "resolution": resolution,
            "resolved_at": resolved,
            "handling_seconds": int((resolved - asked).total_seconds()),
            "satisfaction": 5,
            "closed_at": resolved + timedelta(days=1),
        }
        steps = [
            (A.SUBMIT, None, S.SUBMITTED, asked),
            (A.ACCEPT, S.SUBMITTED, S.ACCEPTED, asked),
            (A.RESOLVE, S.ACCEPTED, S.RESOLVED, resolved),
            (A.RATE, S.RESOLVED, S.RATED, resolved),
            (A.CLOSE, S.RATED, S.CLOSED, resolved + timedelta(days=1)),
        ]
        await _insert(session, values, steps)
        written += 1
    return written


def _values(
    text: tuple[str, str],
    category_id: int,
    grid: Any,
    at: datetime,
    status: PetitionStatus,
    staff: int,
    *,
    reporters: int = 1,
) -> dict[str, Any]:
    return {
        "title": text[0], "content": text[1], "category_id": category_id,
        "channel": PetitionChannel.HOTLINE, "status": status, "grid_id": grid.id,
        "org_path": grid.path, "handling_org_id": grid.id, "handling_org_path": grid.path,
        "created_by_account_id": staff, "anonymous": False, "version": 1, "day": china_day(at),
        "deadline_at": at + timedelta(hours=72), "level_deadline_at": at + timedelta(hours=72),
        "escalations": 0, "reporters": reporters, "contact_name": "居民",
        "created_at": at, "updated_at": at,
    }  # fmt: skip


async def _insert(
    session: Session,
    values: dict[str, Any],
    steps: list[tuple[PetitionAction, PetitionStatus | None, PetitionStatus, datetime]],
) -> int:
    first, *rest = [
        Step(action, before, after, None, "网格员", values["grid_id"], _note(action, values), at)
        for action, before, after, at in steps
    ]
    values = values | {"version": len(steps)}
    row = await insert_petition(
        session, values, first, count_words(f"{values['title']}\n{values['content']}")
    )
    await add_petition_steps(session, row.id, rest)
    return row.id


def _note(action: PetitionAction, values: dict[str, Any]) -> str | None:
    if action is A.RESOLVE:
        return str(values["resolution"])
    if action is A.MERGE and values["reporters"] > 1:
        return f"合并重复诉求《{LAMP_AGAIN[0]}》，共 {values['reporters']} 位居民反映"
    if action is A.MERGE:
        return f"并入诉求《{LAMP[0]}》"
    return None
