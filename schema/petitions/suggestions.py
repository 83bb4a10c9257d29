"""Duplicate reports 重复诉求 and answers that come back 智能答复: suggestions, and merging."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from resolvers.petitions import answers, duplicates
from resolvers.petitions.duplicates import Suggestion
from resolvers.petitions.merging import MergeRequest, merge_petition
from schema.info import Info
from schema.organizations.types import TYPE_NAME as ORGANIZATION
from schema.petitions.enums import PetitionStatus
from schema.petitions.inputs import NOTE, VERSION, PetitionPayload
from schema.petitions.types import CATEGORY, TYPE_NAME, Petition
from schema.relay import INPUT, expect_global_id

FIRST = "建议数量 How many to suggest (1-20)."


def _readable(suggestion: Suggestion) -> Petition | None:
    """The row the suggestion was scored on: `readable` (READ_PETITIONS over its grid) is a
    case of `may_read`, so reading it again by id would answer the same row."""
    return Petition.from_row(suggestion.candidate) if suggestion.readable else None


@strawberry.type(
    description="疑似重复诉求 A possible duplicate report: an open petition of the same grid, "
    "raised in the last 30 days, that reports the same problem at the same place."
)
class DuplicateSuggestion:
    suggestion: strawberry.Private[Suggestion]
    score: float = strawberry.field(
        description="相似度 Similarity 0-1 (words weighed by rarity, the places named); "
        "suggested from 0.28."
    )
    reason: str = strawberry.field(
        description="依据 Why: the words and places both texts share (or the places that differ)."
    )
    status: PetitionStatus = strawberry.field(
        description="状态 Where the suggested petition stands."
    )
    reporters: int = strawberry.field(
        description="反映人数 How many residents reported it already (merged reports included)."
    )
    submitted_at: datetime = strawberry.field(description="提交时间 When it was raised.")

    @classmethod
    def of(cls, suggestion: Suggestion) -> DuplicateSuggestion:
        found = suggestion.candidate
        return cls(
            suggestion=suggestion,
            score=suggestion.score,
            reason=suggestion.reason,
            status=PetitionStatus(found.status.value),
            reporters=found.reporters,
            submitted_at=found.created_at,
        )

    @strawberry.field(
        description="诉求 The petition itself; null when your role may not read it (a resident "
        "learns only that it exists, how far it is and how many reported it)."
    )
    def petition(self) -> Petition | None:
        return _readable(self.suggestion)


@strawberry.type(
    description="参考答复 An answer that comes back: the resolution of a closed, well-rated "
    "petition of the same category asking the same."
)
class SuggestedAnswer:
    suggestion: strawberry.Private[Suggestion]
    score: float = strawberry.field(description="相似度 Similarity 0-1 of the two texts' words.")
    reason: str = strawberry.field(description="依据 Why: the words both texts share.")
    resolution: str = strawberry.field(description="办理结果 How that petition was resolved.")
    satisfaction: int = strawberry.field(description="满意度 The rating its resident gave (4-5).")

    @classmethod
    def of(cls, suggestion: Suggestion) -> SuggestedAnswer:
        found = suggestion.candidate
        return cls(
            suggestion=suggestion,
            score=suggestion.score,
            reason=suggestion.reason,
            resolution=found.resolution or "",
            satisfaction=found.satisfaction or 0,
        )

    @strawberry.field(
        description="来源 The petition it answered; null when your role may not read it."
    )
    def source(self) -> Petition | None:
        return _readable(self.suggestion)


async def duplicate_candidates(
    info: Info, petition: Petition, first: int
) -> list[DuplicateSuggestion]:
    found = await duplicates.suggest_for_petition(info.context, petition.row, first)
    return [DuplicateSuggestion.of(suggestion) for suggestion in found]


async def suggested_answers(info: Info, petition: Petition, first: int) -> list[SuggestedAnswer]:
    found = await answers.suggest_answers(info.context, petition.row, first)
    return [SuggestedAnswer.of(suggestion) for suggestion in found]


@strawberry.type
class PetitionSuggestionQueries:
    @strawberry.field(
        description="疑似重复 Before submitting: open petitions of the grid that may report the "
        "same problem (the app shows them so the resident can add to one instead)."
    )
    async def petition_duplicate_suggestions(
        self,
        info: Info,
        grid_id: Annotated[strawberry.ID, strawberry.argument(description="网格 The grid.")],
        title: Annotated[str, strawberry.argument(description="标题 The title being written.")],
        content: Annotated[str, strawberry.argument(description="内容 The text being written.")],
        first: Annotated[int, strawberry.argument(description=FIRST)] = 5,
    ) -> list[DuplicateSuggestion]:
        grid = expect_global_id(grid_id, ORGANIZATION, field="gridId")
        found = await duplicates.suggest_for_text(
            info.context, grid, grid_id, title, content, first
        )
        return [DuplicateSuggestion.of(suggestion) for suggestion in found]

    @strawberry.field(
        description="智能答复 Before submitting: answers of closed, well-rated petitions of the "
        "grid's community that asked the same; empty unless the category allows instant answers."
    )
    async def petition_instant_answers(
        self,
        info: Info,
        category_id: Annotated[
            strawberry.ID, strawberry.argument(description="诉求分类 The subcategory chosen.")
        ],
        grid_id: Annotated[strawberry.ID, strawberry.argument(description="网格 The grid.")],
        title: Annotated[str, strawberry.argument(description="标题 The title being written.")],
        content: Annotated[str, strawberry.argument(description="内容 The text being written.")],
        first: Annotated[int, strawberry.argument(description=FIRST)] = 3,
    ) -> list[SuggestedAnswer]:
        question = answers.AnswerQuestion(
            category_id=expect_global_id(category_id, CATEGORY, field="categoryId"),
            category_global_id=category_id,
            grid_id=expect_global_id(grid_id, ORGANIZATION, field="gridId"),
            grid_global_id=grid_id,
            title=title,
            content=content,
        )
        found = await answers.instant_answers(info.context, question, first)
        return [SuggestedAnswer.of(suggestion) for suggestion in found]


@strawberry.input(description="合并重复诉求 Merge a duplicate report into a master petition.")
class MergePetitionInput:
    id: strawberry.ID = strawberry.field(description="重复诉求 The report to merge (open).")
    master_id: strawberry.ID = strawberry.field(
        description="主诉求 The open petition of the same grid it reports again."
    )
    expected_version: int | None = strawberry.field(
        default=None, description="The report's version. " + VERSION
    )
    note: str | None = strawberry.field(default=None, description=NOTE)


@strawberry.type
class PetitionMergeMutations:
    @strawberry.mutation(
        description="合并 Merge a duplicate report into a master petition (handlers of both): it "
        "leaves the open figures, follows the master to its resolution, and its resident rates it."
    )
    async def merge_petition(
        self, info: Info, input: Annotated[MergePetitionInput, INPUT]
    ) -> PetitionPayload:
        request = MergeRequest(
            report_id=expect_global_id(input.id, TYPE_NAME, field="id"),
            report_global_id=input.id,
            master_id=expect_global_id(input.master_id, TYPE_NAME, field="masterId"),
            master_global_id=input.master_id,
            expected_version=input.expected_version,
            note=input.note,
        )
        row = await merge_petition(info.context, request)
        return PetitionPayload(petition=Petition.from_row(row))
