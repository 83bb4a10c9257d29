"""Learning test data: members' own accounts, published courses, and resolver calls at a
chosen moment (the server's clock) for sessions and check-ins."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
from starlette.applications import Starlette

from db.engine import Database
from resolvers.accounts.identities import load_viewer
from resolvers.context import Context
from tests.factories import bind_member, create_account, token_for
from tests.graphql import execute
from tests.world import World

PUBLISH = """
mutation ($input: PublishCourseInput!) {
  publishCourse(input: $input) { course { id title questionCount maxScore
    questions { id choices multiple } } }
}
"""
MY_STUDY = """
{ myStudy { year creditedMinutes requiredMinutes met currentStreak longestStreak
            checkedInToday checkInsThisYear totalCheckIns openSession { id }
            sessions { totalCount nodes { minutes isOpen } } } }
"""


def at(text: str) -> datetime:
    """A UTC moment written `2026-01-31T15:30`."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def course_input(organization: str, world: World, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "organizationId": world.org_id(organization),
        "title": "学习党的二十大精神",
        "summary": "原原本本学报告，逐段理解主要精神。",
        "suggestedMinutes": 45,
        "materials": [
            {"kind": "TEXT", "title": "报告原文（节选）", "body": "高举中国特色社会主义伟大旗帜……"},
            {"kind": "VIDEO", "title": "专家解读", "url": "https://video.example.cn/20da.mp4"},
        ],
        "questions": [
            {"text": "党的二十大召开于哪一年？", "choices": ["2021", "2022", "2023"],
             "correct": [1]},
            {"text": "以下哪些属于“三会一课”？", "choices": ["支部党员大会", "支委会", "茶话会"],
             "correct": [0, 1], "points": 2},
        ],
    }  # fmt: skip
    return values | overrides


@dataclass
class Learners:
    """World members' own accounts (`member_<name>` tokens) and their account ids."""

    world: World
    accounts: dict[str, int] = field(default_factory=dict)

    def token(self, who: str) -> str:
        return self.world.tokens[who if who in self.world.tokens else f"member_{who}"]


async def make_learners(
    database: Database, world: World, app: Starlette, names: tuple[str, ...] = ("m1", "m2", "m4")
) -> Learners:
    learners = Learners(world)
    tokens = app.state.services.tokens
    async with database.transaction() as session:
        for name in names:
            account = await create_account(session, [], username=f"learner_{name}")
            await bind_member(session, account, world.members[name])
            world.tokens[f"member_{name}"] = token_for(tokens, account)
            learners.accounts[name] = account.id
    return learners


async def context_of(app: Starlette, database: Database, account_id: int) -> Context:
    """The context a request of that account would get (to call resolvers at a moment)."""
    return Context(services=app.state.services, viewer=await load_viewer(database, account_id))


async def publish(
    client: httpx.AsyncClient, world: World, organization: str = "street_a", **overrides: Any
) -> dict[str, Any]:
    body = await execute(
        client,
        PUBLISH,
        {"input": course_input(organization, world, **overrides)},
        token=world.tokens["admin"],
    )
    assert "errors" not in body, body
    course: dict[str, Any] = body["data"]["publishCourse"]["course"]
    return course
