"""Suggesting duplicate reports 疑似重复: open petitions of the same grid, raised in recent
days, whose text reports the same problem at the same place (db/petitions/similar.py).

Asked at submission (the resident's text before it is sent) and by staff for a petition. Who
may not read a suggested petition learns only that it exists, how far it is and how many
residents reported it: its title and text stay hidden, and the reason names only words and
places of the asker's own text.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from db.base import utcnow
from db.organizations.models import GovernanceLevel
from db.organizations.queries import OrganizationRecord
from db.petitions.queries import PetitionRecord
from db.petitions.similar import DUPLICATE_THRESHOLD, TextProfile, duplicate_score, text_profile
from resolvers.access import Permission
from resolvers.context import Context
from resolvers.errors import BadUserInput, not_found
from resolvers.organizations.reads import resolve_organization_by_id
from resolvers.petitions.submission import MAX_CONTENT, MAX_TITLE
from resolvers.validation import clean_text

RECENT_DAYS = 30  # reports of one problem come within days; older ones are other occurrences
MAX_SUGGESTIONS = 20


@dataclass(frozen=True, slots=True)
class Suggestion:
    candidate: PetitionRecord
    score: float
    reason: str
    readable: bool


def suggestion_count(first: int) -> int:
    if not 1 <= first <= MAX_SUGGESTIONS:
        raise BadUserInput(f"`first` must be between 1 and {MAX_SUGGESTIONS}.", field="first")
    return first


async def rank(
    context: Context,
    text: str,
    candidates: Sequence[PetitionRecord],
    threshold: float,
    score: Callable[[TextProfile, TextProfile], tuple[float, str]],
) -> list[tuple[PetitionRecord, float, str]]:
    """The candidates scoring at least `threshold` against the text by `score`, best first."""
    synonyms, stops = await context.loaders.petitions.vocabulary.load(0)

    def score_all() -> list[tuple[PetitionRecord, float, str]]:
        asked = text_profile(text, synonyms, stops)
        scored = []
        for candidate in candidates:
            other = text_profile(f"{candidate.title}\n{candidate.content}", synonyms, stops)
            found, reason = score(asked, other)
            if found >= threshold:
                scored.append((candidate, found, reason))
        return sorted(scored, key=lambda found: (-found[1], -found[0].id))

    return await asyncio.to_thread(score_all)


def _readable(context: Context, candidate: PetitionRecord) -> bool:
    return context.viewer.can(Permission.READ_PETITIONS, candidate.org_path)


async def suggestable_grid(
    context: Context, grid_id: int, grid_global_id: str
) -> OrganizationRecord:
    """The grid, if the viewer may raise or read petitions there (else NOT_FOUND)."""
    context.require_account()
    grid = await resolve_organization_by_id(context, grid_id)
    if (
        grid is None
        or grid.level != GovernanceLevel.GRID
        or not (
            context.viewer.can(Permission.SUBMIT_PETITIONS, grid.path)
            or context.viewer.can(Permission.READ_PETITIONS, grid.path)
        )
    ):
        raise not_found("grid you may raise petitions in", grid_global_id, field="gridId")
    return grid


async def suggest_for_text(
    context: Context, grid_id: int, grid_global_id: str, title: str, content: str, first: int
) -> list[Suggestion]:
    """At submission: whoever may raise or read petitions in the grid."""
    first = suggestion_count(first)
    title = clean_text(title, field="title", max_length=MAX_TITLE)
    content = clean_text(content, field="content", max_length=MAX_CONTENT)
    grid = await suggestable_grid(context, grid_id, grid_global_id)
    return await _suggest(context, grid.id, f"{title}\n{content}", None, first)


async def suggest_for_petition(
    context: Context, petition: PetitionRecord, first: int
) -> list[Suggestion]:
    """For staff handling a petition: the open reports of its grid it may duplicate."""
    if not context.viewer.can(Permission.READ_PETITIONS, petition.org_path):
        return []
    text = f"{petition.title}\n{petition.content}"
    return await _suggest(context, petition.grid_id, text, petition.id, suggestion_count(first))


async def _suggest(
    context: Context, grid_id: int, text: str, exclude: int | None, first: int
) -> list[Suggestion]:
    since = utcnow().replace(second=0, microsecond=0) - timedelta(days=RECENT_DAYS)
    found = await context.loaders.petitions.open_in_grid.load((grid_id, since))
    candidates = [candidate for candidate in found if candidate.id != exclude]
    ranked = await rank(context, text, candidates, DUPLICATE_THRESHOLD, duplicate_score)
    return [
        Suggestion(candidate, score, reason, _readable(context, candidate))
        for candidate, score, reason in ranked[:first]
    ]
