"""Evaluation mutations: frameworks (create or copy, change before use), hand-entered values,
star ratings overridden and published by the upper organisation."""

from __future__ import annotations

from typing import Annotated

import strawberry

from db.organizations.models import GovernanceLevel
from resolvers.evaluation.frameworks import (
    IndicatorChange,
    ManualValue,
    change_framework_indicator,
    create_framework,
    enter_value,
)
from resolvers.evaluation.ratings import override_stars, publish_stars
from schema.evaluation.inputs import (
    ChangeEvaluationIndicatorInput,
    CreateEvaluationFrameworkInput,
    EnterEvaluationValueInput,
    OverrideEvaluationStarsInput,
    PublishEvaluationStarsInput,
)
from schema.evaluation.types import FRAMEWORK, EvaluationFramework, EvaluationResult
from schema.info import Info
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.relay import INPUT, expect_global_id


@strawberry.type(description="The ratings published 公布结果.")
class PublishEvaluationStarsPayload:
    published: list[EvaluationResult] = strawberry.field(
        description="The results published now 本次公布, best first."
    )


@strawberry.type(description="A hand-entered value was recorded 人工评分已记录.")
class EnterEvaluationValuePayload:
    framework: EvaluationFramework = strawberry.field(
        description="The framework 指标体系: run the batch again for the value to count."
    )


@strawberry.type
class EvaluationMutations:
    @strawberry.mutation(
        description="Create a year's indicator framework 新建指标体系: a copy of another, or the "
        "standard set (who manages evaluation at the top of the tree)."
    )
    async def create_evaluation_framework(
        self, info: Info, input: Annotated[CreateEvaluationFrameworkInput, INPUT]
    ) -> EvaluationFramework:
        copy_of = (
            expect_global_id(input.copy_of, FRAMEWORK, field="copyOf") if input.copy_of else None
        )
        row = await create_framework(
            info.context, input.year, input.name, copy_of, GovernanceLevel[input.level.name]
        )
        return EvaluationFramework.from_row(row)

    @strawberry.mutation(
        description="Change an indicator's weight, target or cap 调整指标; refused once the "
        "framework was used for results (copy it instead)."
    )
    async def change_evaluation_indicator(
        self, info: Info, input: Annotated[ChangeEvaluationIndicatorInput, INPUT]
    ) -> EvaluationFramework:
        row = await change_framework_indicator(
            info.context,
            expect_global_id(input.framework_id, FRAMEWORK, field="frameworkId"),
            input.code,
            IndicatorChange(input.weight, input.target, input.cap),
        )
        return EvaluationFramework.from_row(row)

    @strawberry.mutation(
        description="Enter a hand-scored indicator's value 人工评分 for an organisation, with a "
        "note and an evidence reference (its upper organisation does)."
    )
    async def enter_evaluation_value(
        self, info: Info, input: Annotated[EnterEvaluationValueInput, INPUT]
    ) -> EnterEvaluationValuePayload:
        framework_id = expect_global_id(input.framework_id, FRAMEWORK, field="frameworkId")
        await enter_value(
            info.context,
            framework_id,
            input.code,
            expect_global_id(input.organization_id, ORGANIZATION, field="organizationId"),
            input.organization_id,
            ManualValue(input.value, input.note, input.evidence),
        )
        found = await info.context.loaders.evaluation.framework.load(framework_id)
        assert found is not None
        return EnterEvaluationValuePayload(framework=EvaluationFramework.from_row(found))

    @strawberry.mutation(
        description="Override an organisation's star rating 调整星级 with the reason (its upper "
        "organisation does, before publishing); the computed stars again undo it."
    )
    async def override_evaluation_stars(
        self, info: Info, input: Annotated[OverrideEvaluationStarsInput, INPUT]
    ) -> EvaluationResult:
        row = await override_stars(
            info.context,
            expect_global_id(input.organization_id, ORGANIZATION, field="organizationId"),
            input.organization_id,
            input.year,
            input.stars,
            input.reason,
            input.version,
        )
        return EvaluationResult.from_row(row)

    @strawberry.mutation(
        description="Publish the year's star ratings 公布星级 of an organisation's children (the "
        "upper organisation does); its subtree hears `EVALUATION_PUBLISHED`."
    )
    async def publish_evaluation_stars(
        self, info: Info, input: Annotated[PublishEvaluationStarsInput, INPUT]
    ) -> PublishEvaluationStarsPayload:
        rows = await publish_stars(
            info.context,
            expect_global_id(input.organization_id, ORGANIZATION, field="organizationId"),
            input.organization_id,
            input.year,
        )
        return PublishEvaluationStarsPayload(
            published=[EvaluationResult.from_row(row) for row in rows]
        )
