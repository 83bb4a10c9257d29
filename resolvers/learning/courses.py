"""Courses 课程: published to a subtree by who manages learning there, with materials (text,
a video link, a document link) and a short quiz; read by the subtree's staff, and by every
member whose branch lies in the subtree (a street's course is its communities' branches')."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from db.events.types import EventType
from db.learning.models import MaterialKind
from db.learning.queries import COURSE_KEY, CourseRecord, course_list
from db.learning.writes import insert_course
from db.pagination import Page, PageRequest, paginate
from db.paths import is_within
from db.records import record_of
from resolvers.access import Permission
from resolvers.changes import change
from resolvers.context import Context
from resolvers.errors import BadUserInput, not_found
from resolvers.organizations.reads import resolve_organization_by_id, resolve_scope_under
from resolvers.validation import check_range, check_text, clean_text

MAX_MATERIALS = 20
MAX_QUESTIONS = 20
MAX_CHOICES = 6
MAX_TEXT = 20_000
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]{2,490}$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class MaterialDraft:
    kind: MaterialKind
    title: str
    body: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class QuestionDraft:
    text: str
    choices: Sequence[str]
    correct: Sequence[int]
    points: int = 1


@dataclass(frozen=True, slots=True)
class CourseDraft:
    title: str
    summary: str
    suggested_minutes: int
    materials: Sequence[MaterialDraft]
    questions: Sequence[QuestionDraft]


def may_read_course(context: Context, row: CourseRecord) -> bool:
    """Within a subtree the viewer reads courses in, or published above one to a subtree
    containing it."""
    return any(
        is_within(row.org_path, root) or is_within(root, row.org_path)
        for root in context.viewer.paths_for(Permission.READ_COURSES)
    )


async def resolve_course_by_id(context: Context, course_id: int) -> CourseRecord | None:
    row = await context.loaders.learning.course.load(course_id)
    return row if row is not None and may_read_course(context, row) else None


async def resolve_courses_by_ids(
    context: Context, course_ids: Sequence[int]
) -> list[CourseRecord | None]:
    rows = await context.loaders.learning.course.load_many(list(course_ids))
    return [row if row is not None and may_read_course(context, row) else None for row in rows]


async def resolve_courses(
    context: Context, under: int | None, under_global_id: str | None, request: PageRequest
) -> tuple[Page[CourseRecord], Callable[[], Awaitable[int]]]:
    """Courses the viewer may read (in or above their subtrees), newest last."""
    roots = await resolve_scope_under(
        context, Permission.READ_COURSES, under, global_id=under_global_id
    )
    return await paginate(
        context.loaders.reads.read, course_list(roots), COURSE_KEY, request, CourseRecord
    )


def _material(n: int, draft: MaterialDraft) -> dict[str, Any]:
    field = f"materials[{n}]"
    title = clean_text(draft.title, field=f"{field}.title", max_length=100)
    if draft.kind is MaterialKind.TEXT:
        if draft.url is not None:
            raise BadUserInput(
                f"`{field}` is text: give its `body`, not a `url`.", field=f"{field}.url"
            )
        body = clean_text(draft.body or "", field=f"{field}.body", max_length=MAX_TEXT)
        return {"kind": draft.kind, "title": title, "body": body, "url": None}
    url = check_text(draft.url or "", field=f"{field}.url").strip()
    if not _URL.match(url):
        raise BadUserInput(
            f"`{field}.url` must be an http(s) link such as https://example.cn/lesson.mp4.",
            field=f"{field}.url",
        )
    note = clean_text(draft.body or "", field=f"{field}.body", max_length=1000, required=False)
    return {"kind": draft.kind, "title": title, "body": note or None, "url": url}


def _question(n: int, draft: QuestionDraft) -> dict[str, Any]:
    field = f"questions[{n}]"
    text = clean_text(draft.text, field=f"{field}.text", max_length=500)
    if not 2 <= len(draft.choices) <= MAX_CHOICES:
        raise BadUserInput(
            f"`{field}.choices` must hold 2 to {MAX_CHOICES} choices.", field=f"{field}.choices"
        )
    choices = [
        clean_text(choice, field=f"{field}.choices", max_length=200) for choice in draft.choices
    ]
    correct = sorted(set(draft.correct))
    if not correct or len(correct) != len(draft.correct):
        raise BadUserInput(
            f"`{field}.correct` must name at least one right choice, each once.",
            field=f"{field}.correct",
        )
    if any(not 0 <= index < len(choices) for index in correct):
        raise BadUserInput(
            f"`{field}.correct` holds positions in `choices`, from 0 to {len(choices) - 1}.",
            field=f"{field}.correct",
        )
    points = check_range(draft.points, field=f"{field}.points", low=1, high=100, what="points")
    return {"text": text, "choices": choices, "correct": correct, "points": points}


async def publish_course(
    context: Context, org_id: int, org_global_id: str, draft: CourseDraft
) -> CourseRecord:
    """Publish a course to the organisation's subtree (who manages learning there)."""
    node = await resolve_organization_by_id(context, org_id)
    if node is None:
        raise not_found("organization", org_global_id, field="organizationId")
    account_id = context.require(Permission.MANAGE_LEARNING, node.path, action="publish courses")
    title = clean_text(draft.title, field="title", max_length=100)
    summary = clean_text(draft.summary, field="summary", max_length=1000)
    check_range(draft.suggested_minutes, field="suggestedMinutes", low=5, high=600, what="minutes")
    if not 1 <= len(draft.materials) <= MAX_MATERIALS:
        raise BadUserInput(f"A course holds 1 to {MAX_MATERIALS} materials.", field="materials")
    if len(draft.questions) > MAX_QUESTIONS:
        raise BadUserInput(f"A quiz holds at most {MAX_QUESTIONS} questions.", field="questions")
    materials = [_material(n, m) for n, m in enumerate(draft.materials)]
    questions = [_question(n, q) for n, q in enumerate(draft.questions)]
    values = {
        "organization_id": node.id,
        "org_path": node.path,
        "title": title,
        "summary": summary,
        "suggested_minutes": draft.suggested_minutes,
        "question_count": len(questions),
        "max_score": sum(q["points"] for q in questions),
        "published_by_account_id": account_id,
    }
    async with change(context, account_id, conflict="published meanwhile") as changes:
        row = await insert_course(changes.session, values, materials, questions)
        changes.record(
            EventType.COURSE_PUBLISHED,
            row.id,
            at=node.path,
            changes={
                "title": title,
                "suggestedMinutes": draft.suggested_minutes,
                "questions": len(questions),
            },
        )
        return record_of(CourseRecord, row)
