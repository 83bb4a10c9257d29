"""The default petition taxonomy: three major kinds plus party-building, and nineteen
subcategories (plus party-building's own)."""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.petitions.models import CategoryKind, PetitionCategoryRow

# (code, name, kind, handling deadline in hours, the department that would usually handle
# it, subcategories as (code, name, hours, department)). The three major kinds of the seeds'
# 上海智慧社区 with their nineteen subcategories, and party-building services as a fourth kind.
# The departments are names only, for the coming dispatch to functional departments 条.
# Codes are stable: a subcategory that changes kind gets a new code, and the migration that
# introduced it moves the old one's petitions (migrations/versions/0017).
Child = tuple[str, str, int, str]
DEFAULT_TAXONOMY: tuple[tuple[str, str, CategoryKind, int, str, tuple[Child, ...]], ...] = (
    (
        "PM",
        "公共管理",
        CategoryKind.PUBLIC_MANAGEMENT,
        120,
        "街道城市运行管理中心",
        (
            ("PM-ENV", "环境卫生", 48, "区绿化和市容管理局"),
            ("PM-PROPERTY", "物业管理", 72, "区房屋管理局"),
            ("PM-PARKING", "停车管理", 72, "街道城管中队"),
            ("PM-BUILD", "违章搭建", 168, "街道城管中队"),
            ("PM-GREEN", "绿化养护", 120, "区绿化和市容管理局"),
            ("PM-ORDER", "市容秩序", 48, "街道城管中队"),
            ("PM-HOUSING", "房屋修缮", 120, "区房屋管理局"),
        ),
    ),
    (
        "PS",
        "公共服务",
        CategoryKind.PUBLIC_SERVICE,
        120,
        "街道社区事务受理服务中心",
        (
            ("PS-ELDER", "养老助餐", 48, "区民政局"),
            ("PS-FACILITY", "设施维修", 72, "街道社区事务受理服务中心"),
            ("PS-MEDICAL", "医疗卫生", 72, "区卫生健康委员会"),
            ("PS-EDU", "教育托育", 120, "区教育局"),
            ("PS-UTILITY", "水电燃气", 24, "供水、供电、燃气公司"),
            ("PS-JOBS", "就业社保", 120, "区人力资源和社会保障局"),
            ("PS-CONVENIENCE", "便民服务", 72, "街道社区事务受理服务中心"),
        ),
    ),
    (
        "SF",
        "公共安全",
        CategoryKind.PUBLIC_SAFETY,
        48,
        "公安派出所",
        (
            ("SF-SECURITY", "治安隐患", 24, "公安派出所"),
            ("SF-FIRE", "消防安全", 24, "消防救援站"),
            ("SF-TRAFFIC", "交通安全", 48, "公安交通警察支队"),
            ("SF-NOISE", "噪音扰民", 24, "公安派出所"),
            ("SF-FOOD", "食品安全", 48, "市场监督管理所"),
        ),
    ),
    (
        "PB",
        "党建服务",
        CategoryKind.PARTY_BUILDING,
        168,
        "街道党群服务中心",
        (("PB-MEMBER", "党员服务", 168, "街道党群服务中心"),),
    ),
)
# Subcategories of earlier taxonomies and where their petitions went: 噪音扰民 is a matter for
# the police under the seeds' taxonomy (公共安全), no longer 公共管理.
MOVED_CATEGORIES: dict[str, str] = {"PM-NOISE": "SF-NOISE"}
# Where residents' questions recur (how to apply, where to go), so a similar closed petition's
# answer may be offered at once 智能答复; faults to repair are never answered that way.
INSTANT_ANSWER_CODES = frozenset({"PS-JOBS", "PS-CONVENIENCE", "PS-ELDER", "PS-EDU", "PB-MEMBER"})


def default_category_rows() -> list[dict[str, object]]:
    """The taxonomy as rows without ids; each subcategory names its parent by `parent_code`."""
    rows: list[dict[str, object]] = []
    for code, name, kind, hours, department, children in DEFAULT_TAXONOMY:
        rows.append(
            {
                "code": code,
                "name": name,
                "kind": kind,
                "deadline_hours": hours,
                "default_department": department,
            }
        )
        rows += [
            {
                "code": c,
                "name": n,
                "kind": kind,
                "deadline_hours": h,
                "default_department": d,
                "instant_answer": c in INSTANT_ANSWER_CODES,
                "parent_code": code,
            }
            for c, n, h, d in children
        ]
    return rows


async def ensure_default_categories(session: AsyncSession) -> dict[str, int]:
    """Insert the default categories that are missing (by code); return every code's id."""
    existing = dict(
        (await session.execute(select(PetitionCategoryRow.code, PetitionCategoryRow.id))).all()
    )
    for wanted_parent in (False, True):
        missing = [
            row
            for row in default_category_rows()
            if row["code"] not in existing and ("parent_code" in row) == wanted_parent
        ]
        if not missing:
            continue
        values = [
            {key: value for key, value in row.items() if key != "parent_code"}
            | {"parent_id": existing.get(str(row.get("parent_code")))}
            for row in missing
        ]
        await session.execute(insert(PetitionCategoryRow), values)
        existing = dict(
            (await session.execute(select(PetitionCategoryRow.code, PetitionCategoryRow.id))).all()
        )
    return {str(code): int(key) for code, key in existing.items()}
