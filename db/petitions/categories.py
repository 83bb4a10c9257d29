"""The default petition taxonomy: three major kinds plus party-building, and subcategories."""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.petitions.models import CategoryKind, PetitionCategoryRow

# (code, name, kind, handling deadline in hours, subcategories as (code, name, hours)).
DEFAULT_TAXONOMY: tuple[
    tuple[str, str, CategoryKind, int, tuple[tuple[str, str, int], ...]], ...
] = (
    (
        "PM",
        "公共管理",
        CategoryKind.PUBLIC_MANAGEMENT,
        120,
        (
            ("PM-ENV", "环境卫生", 48),
            ("PM-PROPERTY", "物业管理", 72),
            ("PM-PARKING", "停车管理", 72),
            ("PM-NOISE", "噪音扰民", 24),
            ("PM-BUILD", "违章搭建", 168),
            ("PM-GREEN", "绿化养护", 120),
        ),
    ),
    (
        "PS",
        "公共服务",
        CategoryKind.PUBLIC_SERVICE,
        120,
        (
            ("PS-ELDER", "养老助餐", 48),
            ("PS-FACILITY", "设施维修", 72),
            ("PS-MEDICAL", "医疗卫生", 72),
            ("PS-EDU", "教育托育", 120),
            ("PS-UTILITY", "水电燃气", 24),
        ),
    ),
    (
        "SF",
        "公共安全",
        CategoryKind.PUBLIC_SAFETY,
        48,
        (
            ("SF-SECURITY", "治安隐患", 24),
            ("SF-FIRE", "消防安全", 24),
            ("SF-TRAFFIC", "交通安全", 48),
        ),
    ),
    (
        "PB",
        "党建服务",
        CategoryKind.PARTY_BUILDING,
        168,
        (("PB-MEMBER", "党员服务", 168),),
    ),
)


def default_category_rows() -> list[dict[str, object]]:
    """The taxonomy as rows without ids; each subcategory names its parent by `parent_code`."""
    rows: list[dict[str, object]] = []
    for code, name, kind, hours, children in DEFAULT_TAXONOMY:
        rows.append({"code": code, "name": name, "kind": kind, "deadline_hours": hours})
        rows += [
            {"code": c, "name": n, "kind": kind, "deadline_hours": h, "parent_code": code}
            for c, n, h in children
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
