"""Payloads of learning events 网上党校事件."""

from __future__ import annotations

from datetime import date

import strawberry

from db.events.types import EventType
from schema.events.payloads.declare import EventPayload, change, event_payload
from schema.learning.enums import StudyCreditKind
from schema.learning.types import COURSE
from schema.members.types import TYPE_NAME as MEMBER


@event_payload(
    EventType.COURSE_PUBLISHED,
    subject=COURSE,
    description="课程发布 A course was published to a subtree.",
)
class CoursePublishedEventPayload(EventPayload):
    title: str | None = change("title", "标题 Its title.")
    suggested_minutes: int | None = change("suggestedMinutes", "建议学时 Suggested minutes.")
    questions: int | None = change("questions", "测验题数 Quiz questions.")


@event_payload(
    EventType.STUDY_SESSION_FINISHED,
    EventType.STUDY_CHECKED_IN,
    EventType.STUDY_CREDITED,
    EventType.QUIZ_SUBMITTED,
    subject=MEMBER,
    description="学习 A member studied: a session finished, a daily check-in 学习打卡, minutes "
    "credited 集中学习 or reversed 冲销, a quiz 测验 scored.",
)
class StudyEventPayload(EventPayload):
    course_id: strawberry.ID | None = change("course", "课程 The course.", node=COURSE)
    minutes: int | None = change("minutes", "学时 Minutes credited (negative: reversed).")
    kind: StudyCreditKind | None = change("kind", "学时类型 What a credit records.")
    year: int | None = change("year", "年度 The year credited.")
    day: date | None = change("day", "打卡日期 The day checked in.")
    streak: int | None = change("streak", "连续天数 Days in a row checked in.")
    score: int | None = change("score", "得分 The quiz score.")
    max_score: int | None = change("maxScore", "满分 The quiz's highest score.")
