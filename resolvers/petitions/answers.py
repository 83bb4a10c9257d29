"""Answers that come back 智能答复: the resolutions of closed, well-rated petitions of the same
category whose text asks what a new one asks.

Handlers see them for any petition they read, drawn from every petition they may read.
Residents see them at submission only where the category allows it (`instant_answer`: questions
that recur, such as how to apply for something, never faults to repair), drawn from their own
community; they read the resolution, never whose petition it answered.
"""

from __future__ import annotations

from dataclasses import dataclass

from db.paths import ancestor_paths
from db.petitions.queries import PetitionRecord
from db.petitions.similar import ANSWER_THRESHOLD, answer_score
from resolvers.access import Permission
from resolvers.context import Context
from resolvers.errors import not_found
from resolvers.petitions.duplicates import Suggestion, rank, suggestable_grid, suggestion_count
from resolvers.petitions.submission import MAX_CONTENT, MAX_TITLE
from resolvers.validation import clean_text


@dataclass(frozen=True, slots=True)
class AnswerQuestion:
    category_id: int
    category_global_id: str
    grid_id: int
    grid_global_id: str
    title: str
    content: str


async def _answers(
    context: Context,
    category_id: int,
    roots: tuple[str, ...],
    text: str,
    exclude: int | None,
    first: int,
) -> list[Suggestion]:
    found = await context.loaders.petitions.answered.load((category_id, roots))
    sources = [source for source in found if source.id != exclude]
    ranked = await rank(context, text, sources, ANSWER_THRESHOLD, answer_score)
    return [
        Suggestion(
            source, score, reason, context.viewer.can(Permission.READ_PETITIONS, source.org_path)
        )
        for source, score, reason in ranked[:first]
    ]


async def suggest_answers(
    context: Context, petition: PetitionRecord, first: int
) -> list[Suggestion]:
    """For the petition's handlers: answers from every petition they may read."""
    if not context.viewer.can(Permission.READ_PETITIONS, petition.org_path):
        return []
    roots = tuple(context.viewer.paths_for(Permission.READ_PETITIONS))
    text = f"{petition.title}\n{petition.content}"
    return await _answers(
        context, petition.category_id, roots, text, petition.id, suggestion_count(first)
    )


async def instant_answers(
    context: Context, question: AnswerQuestion, first: int
) -> list[Suggestion]:
    """At submission, where the category allows it: answers from the grid's community."""
    first = suggestion_count(first)
    title = clean_text(question.title, field="title", max_length=MAX_TITLE)
    content = clean_text(question.content, field="content", max_length=MAX_CONTENT)
    grid = await suggestable_grid(context, question.grid_id, question.grid_global_id)
    category = await context.loaders.petitions.category.load(question.category_id)
    if category is None or category.parent_id is None or category.retired_at is not None:
        raise not_found("petition subcategory", question.category_global_id, field="categoryId")
    if not category.instant_answer:
        return []
    community = ancestor_paths(grid.path)[-2:][0]
    return await _answers(context, category.id, (community,), f"{title}\n{content}", None, first)
