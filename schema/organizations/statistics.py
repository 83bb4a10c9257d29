"""Subtree statistics and the member portrait 党员画像."""

from __future__ import annotations

import strawberry

from db.members.models import PARTY_MEMBER_STATUSES, PIPELINE_STATUSES
from db.organizations import models as rows
from db.organizations.queries import OrganizationRecord
from resolvers.organizations.reads import resolve_member_counts, resolve_organizations_by_level
from schema.info import Info, today
from schema.members.enums import MemberStatus
from schema.organizations.enums import GovernanceLevel
from schema.plain_fields import direct

AGE_BAND_LABELS = {
    "under_30": "30岁以下",
    "30_39": "30-39岁",
    "40_49": "40-49岁",
    "50_59": "50-59岁",
    "60_69": "60-69岁",
    "70_and_over": "70岁及以上",
}
GENDER_LABELS = {"male": "男", "female": "女"}
EDUCATION_LABELS = {
    "primary": "小学",
    "junior_high": "初中",
    "senior_high": "高中",
    "secondary_vocational": "中专",
    "associate": "大专",
    "bachelor": "本科",
    "master": "硕士研究生",
    "doctorate": "博士研究生",
}
OCCUPATION_LABELS = {
    "worker": "工人",
    "farmer": "农牧渔民",
    "professional": "专业技术人员",
    "manager": "企事业单位管理人员",
    "civil_servant": "党政机关工作人员",
    "student": "学生",
    "retired": "离退休人员",
    "other": "其他",
}


@strawberry.type(
    description="各发展阶段人数 How many members of the subtree are at one pipeline stage."
)
class MemberStatusCount:
    status: MemberStatus = strawberry.field(description="发展阶段 The stage.")
    count: int = strawberry.field(description="人数 Members at that stage.")


@strawberry.type(description="各层级组织数 How many organisations of the subtree are at one level.")
class LevelCount:
    level: GovernanceLevel | None = strawberry.field(
        description="The level; null counts 两新 organisations and party groups."
    )
    count: int = strawberry.field(description="组织数 Organisations at that level.")


@strawberry.type(
    description="组织统计 Counts over an organisation's whole subtree (itself included)."
)
class OrganizationStatistics:
    row: strawberry.Private[OrganizationRecord]

    @strawberry.field(
        description=(
            "Party members 党员总数 in the subtree: probationary 预备党员 and full 正式党员 "
            "members only. Until 2026-12 this also counted applicants, activists and development "
            "targets; those are now `pipelineCount`."
        )
    )
    @direct  # once per listed organisation
    async def member_count(self, info: Info) -> int:
        counts = await resolve_member_counts(info.context, self.row, "status", today())
        return sum(counts.get(status.value, 0) for status in PARTY_MEMBER_STATUSES)

    @strawberry.field(
        description=(
            "People on the way to membership 党员发展 in the subtree, not Party members: "
            "applicants 入党申请人, activists 入党积极分子 and development targets 发展对象."
        )
    )
    @direct  # once per listed organisation
    async def pipeline_count(self, info: Info) -> int:
        counts = await resolve_member_counts(info.context, self.row, "status", today())
        return sum(counts.get(status.value, 0) for status in PIPELINE_STATUSES)

    @strawberry.field(
        description=(
            "各发展阶段人数 People by stage, every stage listed: the two member stages "
            "(PROBATIONARY, FULL) sum to `memberCount`, the three earlier ones to `pipelineCount`."
        )
    )
    async def members_by_status(self, info: Info) -> list[MemberStatusCount]:
        counts = await resolve_member_counts(info.context, self.row, "status", today())
        return [
            MemberStatusCount(status=s, count=counts.get(s.name.lower(), 0)) for s in MemberStatus
        ]

    @strawberry.field(
        description="各层级组织数 Organisations by governance level, the node itself included."
    )
    async def organizations_by_level(self, info: Info) -> list[LevelCount]:
        counts = await resolve_organizations_by_level(info.context, self.row)
        return [
            LevelCount(level=GovernanceLevel(level.value) if level else None, count=n)
            for level, n in sorted(counts.items(), key=lambda item: _level_rank(item[0]))
        ]


def _level_rank(level: rows.GovernanceLevel | None) -> int:
    order = list(rows.GovernanceLevel)
    return order.index(level) if level is not None else len(order)


@strawberry.type(description="画像分组 One bar of a portrait distribution.")
class PortraitBucket:
    key: str = strawberry.field(
        description="分组代码 Stable machine key, e.g. `female` or `30_39`."
    )
    label: str = strawberry.field(description="Chinese label for display, e.g. 女 or 30-39岁.")
    count: int = strawberry.field(
        description="党员数 Party members (probationary and full) in this bucket."
    )
    share: float = strawberry.field(
        description="占比 Fraction of the subtree's Party members (probationary and full), 0 to 1."
    )


async def _buckets(
    info: Info, row: OrganizationRecord, dimension: str, labels: dict[str, str] | None
) -> list[PortraitBucket]:
    counts = await resolve_member_counts(info.context, row, dimension, today())
    total = sum(counts.values()) or 1
    keys = list(labels) if labels else sorted(counts, key=lambda key: -counts[key])
    return [
        PortraitBucket(
            key=key,
            label=labels.get(key, key) if labels else key,
            count=counts.get(key, 0),
            share=round(counts.get(key, 0) / total, 4),
        )
        for key in keys
    ]


@strawberry.type(
    description=(
        "Distributions of the subtree's Party members 党员画像: probationary and full members "
        "only (until 2026-12 every stage was counted); people on the way to membership are "
        "counted apart, in `statistics.pipelineCount` and `membersByStatus`."
    )
)
class MemberPortrait:
    row: strawberry.Private[OrganizationRecord]

    @strawberry.field(description="性别分布 By gender.")
    async def by_gender(self, info: Info) -> list[PortraitBucket]:
        return await _buckets(info, self.row, "gender", GENDER_LABELS)

    @strawberry.field(description="年龄分布 By age band, as of today (China Standard Time).")
    async def by_age_band(self, info: Info) -> list[PortraitBucket]:
        return await _buckets(info, self.row, "age_band", AGE_BAND_LABELS)

    @strawberry.field(description="学历分布 By highest education.")
    async def by_education(self, info: Info) -> list[PortraitBucket]:
        return await _buckets(info, self.row, "education", EDUCATION_LABELS)

    @strawberry.field(description="By ethnicity 民族, most common first.")
    async def by_ethnicity(self, info: Info) -> list[PortraitBucket]:
        return await _buckets(info, self.row, "ethnicity", None)

    @strawberry.field(description="职业分布 By occupation category.")
    async def by_occupation(self, info: Info) -> list[PortraitBucket]:
        return await _buckets(info, self.row, "occupation", OCCUPATION_LABELS)
