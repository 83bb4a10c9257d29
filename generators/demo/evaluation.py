"""Demo evaluation 考核评价: this year's framework (the standard set, stars at the demo city's
spread of totals), the streets' hand-entered values for every community (with notes and
evidence references) and the batch's results, so rankings, explanations and portraits are
there from the first start and the stars wait for each street to publish them.

Deterministic for a seed and a day; idempotent (nothing is written when a framework exists).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime

from db.base import china_day
from db.engine import Database
from db.evaluation.queries import (
    indicators_of,
    newest_framework,
    organizations_at_level,
)
from db.evaluation.writes import insert_framework, insert_manual_entries
from db.organizations.models import GovernanceLevel
from resolvers.evaluation.batch import compute_scores
from resolvers.evaluation.standard import STANDARD_INDICATORS

# Thresholds for 2, 3, 4 and 5 stars, set to the demo city's spread of totals.
DEMO_THRESHOLDS = [40.0, 50.0, 60.0, 70.0]
_NOTES = (
    ("班子团结，分工明确，年度述职评议良好", "街道年度考察报告"),
    ("党员教育管理台账齐全，积分制落实", "党员积分管理台账"),
    ("为民办实事项目按期完成并公示", "为民办实事项目清单"),
    ("与共建单位签订协议并开展联合活动", "区域化党建共建协议"),
    ("资源清单、需求清单、项目清单三张清单完整", "资源对接台账"),
    ("阵地标识、制度上墙、功能分区规范", "阵地规范化验收表"),
    ("按公示时间开放，节假日轮值到位", "服务站开放记录"),
)
_COMPLAINTS = ("经核查属实的群众投诉", "街道信访办核查意见书")


async def _framework(database: Database, year: int) -> int:
    async with database.transaction() as session:
        return await insert_framework(
            session,
            {
                "year": year,
                "version": 1,
                "name": f"{year}年度社区党组织星级评定",
                "level": GovernanceLevel.COMMUNITY.value,
                "star_thresholds": DEMO_THRESHOLDS,
            },
            [
                asdict(draft) | {"formula": draft.formula.value if draft.formula else None}
                for draft in STANDARD_INDICATORS
            ],
        )


async def _enter_values(database: Database, framework_id: int, rng: random.Random) -> int:
    async with database.transaction() as session:
        manual = [i for i in await indicators_of(session, framework_id) if i.formula is None]
        communities = await organizations_at_level(session, GovernanceLevel.COMMUNITY.value)
        rows: list[dict[str, object]] = []
        for community in communities:
            for n, indicator in enumerate(manual):
                if indicator.kind.value == "negative":
                    if rng.random() < 0.15:
                        note, evidence = _COMPLAINTS
                        value = float(rng.randint(1, 2))
                    else:
                        continue
                else:
                    note, evidence = _NOTES[n % len(_NOTES)]
                    value = float(rng.randint(55, 98))
                rows.append(
                    {"indicator_id": indicator.id, "organization_id": community.id,
                     "value": value, "note": note, "evidence": f"{evidence}（{community.name}）"}
                )  # fmt: skip
        await insert_manual_entries(session, rows)
    return len(rows)


async def seed_evaluation(
    database: Database, *, seed: int, now: datetime, say: Callable[[str], None]
) -> bool:
    """This year's framework, values and results (once); whether they were written now."""
    year = china_day(now).year
    async with database.read() as connection:
        if await newest_framework(connection, year) is not None:
            return False
    framework_id = await _framework(database, year)
    entries = await _enter_values(database, framework_id, random.Random(seed * 41 + 19))
    summary = await compute_scores(database, framework_id)
    say(f"evaluation {year}: {summary.organizations} communities scored "
        f"({entries} hand-entered values), stars to publish")  # fmt: skip
    return True
