"""Inputs of evaluation's mutations."""

from __future__ import annotations

import strawberry

from schema.organizations.enums import GovernanceLevel


@strawberry.input(description="Create a year's indicator framework 新建指标体系.")
class CreateEvaluationFrameworkInput:
    year: int = strawberry.field(description="The year it evaluates 考核年度.")
    name: str = strawberry.field(description="Its name 名称 (at most 100 characters).")
    copy_of: strawberry.ID | None = strawberry.field(
        default=None,
        description="A framework to copy 复制来源 (its indicators and star thresholds); none: "
        "the standard 5 categories × 16 indicators with 4 negative ones.",
    )
    level: GovernanceLevel = strawberry.field(
        default=GovernanceLevel.COMMUNITY,
        description="The governance level it scores 考核层级 (ignored for a copy).",
    )


@strawberry.input(description="Change an indicator 调整指标 of a framework not used yet.")
class ChangeEvaluationIndicatorInput:
    framework_id: strawberry.ID = strawberry.field(description="The framework 指标体系.")
    code: str = strawberry.field(description="The indicator's code 指标代码.")
    weight: float | None = strawberry.field(default=None, description="New weight 权重.")
    target: float | None = strawberry.field(default=None, description="New target 目标值.")
    cap: float | None = strawberry.field(default=None, description="New cap 封顶分值.")


@strawberry.input(description="A hand-entered indicator's value 人工评分 for one organisation.")
class EnterEvaluationValueInput:
    framework_id: strawberry.ID = strawberry.field(description="The framework 指标体系.")
    code: str = strawberry.field(description="The indicator's code 指标代码 (a manual one).")
    organization_id: strawberry.ID = strawberry.field(description="The organisation 参评组织.")
    value: float = strawberry.field(description="Its value 分值 (0-1000; out of the target).")
    note: str = strawberry.field(description="Why 评分说明 (at most 500 characters).")
    evidence: str = strawberry.field(
        description="Where the evidence is 佐证材料 (a file number or a link; at most 500)."
    )


@strawberry.input(description="Override a star rating 调整星级, with the reason.")
class OverrideEvaluationStarsInput:
    organization_id: strawberry.ID = strawberry.field(description="The organisation 参评组织.")
    year: int | None = strawberry.field(default=None, description="The year 考核年度.")
    stars: int = strawberry.field(description="The stars 星级 (1-5; its computed ones: undo).")
    reason: str = strawberry.field(description="Why 调整理由 (required, at most 500 characters).")
    version: int = strawberry.field(description="The result's version you read 版本.")


@strawberry.input(description="Publish the star ratings 公布星级 of an organisation's children.")
class PublishEvaluationStarsInput:
    organization_id: strawberry.ID = strawberry.field(
        description="The upper organisation 上级组织 whose children's ratings are published."
    )
    year: int | None = strawberry.field(default=None, description="The year 考核年度.")
