"""Learning queries: the courses you may study or manage, your study, a member's study, and a
subtree's completion."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.learning.courses import resolve_courses
from resolvers.learning.reads import resolve_completion, resolve_my_study, resolve_study
from resolvers.pagination import page_request
from schema.info import Info
from schema.learning.study import LearningCompletion, StudyRecord
from schema.learning.types import Course
from schema.members.types import TYPE_NAME as MEMBER
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.organizations.types import answer_listed_organizations
from schema.relay import Connection, build_connection, expect_global_id, page_argument

YEAR = strawberry.argument(description="The year 年度 (default: this one, China time).")


@strawberry.type
class LearningQueries:
    @strawberry.field(
        description="Courses 网上党校课程 you may read: published in your subtrees, or above them "
        "to a subtree containing them (a party member: those of their branch and above); "
        "oldest first."
    )
    async def courses(
        self,
        info: Info,
        under: Annotated[
            strawberry.ID | None, strawberry.argument(description="组织范围 Only this subtree.")
        ] = None,
        first: Annotated[int | None, page_argument("first")] = None,
        after: Annotated[str | None, page_argument("after")] = None,
        last: Annotated[int | None, page_argument("last")] = None,
        before: Annotated[str | None, page_argument("before")] = None,
    ) -> Connection[Course]:
        request = page_request(first=first, after=after, last=last, before=before)
        under_key = expect_global_id(under, ORGANIZATION, field="under") if under else None
        page, count = await resolve_courses(info.context, under_key, under, request)
        await answer_listed_organizations(
            info, "organization", (row.organization_id for row in page.rows)
        )
        return build_connection(page, Course.from_row, count)

    @strawberry.field(
        description="Your own study 我的学习 (a party member's account): hours against the "
        "year's requirement, check-in streak, sessions and the credit ledger; null otherwise."
    )
    async def my_study(
        self, info: Info, year: Annotated[int | None, YEAR] = None
    ) -> StudyRecord | None:
        view = await resolve_my_study(info.context, year)
        return StudyRecord.of(view) if view else None

    @strawberry.field(
        description="A member's study 学习档案; null if you may not read it (only the member "
        "and who reads learning at their branch may)."
    )
    async def study_record(
        self,
        info: Info,
        member_id: Annotated[strawberry.ID, strawberry.argument(description="The member 党员.")],
        year: Annotated[int | None, YEAR] = None,
    ) -> StudyRecord | None:
        key = expect_global_id(member_id, MEMBER, field="memberId")
        view = await resolve_study(info.context, key, year)
        return StudyRecord.of(view) if view else None

    @strawberry.field(
        description="A subtree's study completion 学习完成情况 in a year: members meeting the "
        "requirement, hours, check-ins; read from kept figures."
    )
    async def learning_completion(
        self,
        info: Info,
        under: Annotated[
            strawberry.ID, strawberry.argument(description="The subtree's organisation 组织.")
        ],
        year: Annotated[int | None, YEAR] = None,
    ) -> LearningCompletion:
        key = expect_global_id(under, ORGANIZATION, field="under")
        return LearningCompletion.of(await resolve_completion(info.context, key, under, year))
