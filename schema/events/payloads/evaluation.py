"""Payloads of evaluation events 考核事件: a year's star ratings published."""

from __future__ import annotations

from db.events.types import EventType
from schema.events.payloads.declare import EventPayload, change, event_payload
from schema.organizations.types import TYPE_NAME as ORGANIZATION


@event_payload(
    EventType.EVALUATION_PUBLISHED,
    subject=ORGANIZATION,
    description="星级公布 An upper organisation published its children's star ratings for a "
    "year; `subjectId` is that organisation.",
)
class EvaluationPublishedEventPayload(EventPayload):
    year: int | None = change("year", "考核年度 The year rated.")
    ratings: int | None = change("ratings", "公布数量 How many ratings were published.")
    framework_version: int | None = change(
        "frameworkVersion", "指标体系版本 The version of the framework the scores used."
    )
