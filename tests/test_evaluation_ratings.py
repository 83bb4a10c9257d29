"""Star ratings: an override needs a reason and leaves a trace; only the upper organisation
overrides and publishes; publishing happens once and tells the upper organisation's
subtree; a published year is not recomputed."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from db.engine import Database
from resolvers.errors import Conflict
from tests.evaluation_support import evaluated_world, run_batch, street_admin_token
from tests.graphql import error_codes, execute
from tests.world import World

OVERRIDE = """
mutation ($o: ID!, $stars: Int!, $reason: String!, $version: Int!) {
  overrideEvaluationStars(input: {organizationId: $o, year: 2026, stars: $stars,
                                  reason: $reason, version: $version}) {
    stars computedStars overrideReason version ratingSteps { action stars reason }
  }
}
"""
PUBLISH = """
mutation ($o: ID!) {
  publishEvaluationStars(input: {organizationId: $o, year: 2026}) {
    published { organization { name } stars publishedAt }
  }
}
"""
STARS = "query ($o: ID!) { evaluationResult(organizationId: $o, year: 2026) { stars version } }"
EVENTS = (
    "{ recentEvents(last: 5) { type changes ... on EvaluationEvent { organization { name } } } }"
)


async def test_an_override_without_a_reason_is_refused_and_changes_nothing(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    await evaluated_world(database, world)
    token = await street_admin_token(app, database, world)
    a = world.org_id("community_a")
    # when the street overrides community A's stars with a blank reason
    body = await execute(
        client, OVERRIDE, {"o": a, "stars": 3, "reason": "  ", "version": 1}, token=token
    )
    # then it is refused, naming the field, and the rating is as computed
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] == "reason"
    after = await execute(client, STARS, {"o": a}, token=token)
    assert after["data"]["evaluationResult"] == {"stars": 1, "version": 1}


async def test_an_override_with_a_reason_is_kept_on_the_timeline(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    await evaluated_world(database, world)
    token = await street_admin_token(app, database, world)
    variables = {"o": world.org_id("community_a"), "stars": 3, "version": 1,
                 "reason": "年内获评区级先进基层党组织"}  # fmt: skip
    body = await execute(client, OVERRIDE, variables, token=token)
    assert body["data"]["overrideEvaluationStars"] == {
        "stars": 3,
        "computedStars": 1,
        "overrideReason": "年内获评区级先进基层党组织",
        "version": 2,
        "ratingSteps": [
            {"action": "COMPUTED", "stars": 1, "reason": None},
            {"action": "OVERRIDDEN", "stars": 3, "reason": "年内获评区级先进基层党组织"},
        ],
    }
    # and the same version again is a conflict
    again = await execute(client, OVERRIDE, variables, token=token)
    assert error_codes(again) == ["CONFLICT"]


async def test_a_community_may_not_rate_itself(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    await evaluated_world(database, world)
    variables = {"o": world.org_id("community_a"), "stars": 5, "version": 1, "reason": "自评"}
    body = await execute(client, OVERRIDE, variables, token=world.tokens["secretary"])
    assert error_codes(body) == ["FORBIDDEN"]
    # and community B's secretary cannot reach above it to publish its own rating
    publish = await execute(
        client, PUBLISH, {"o": world.org_id("street_b")}, token=world.tokens["outsider"]
    )
    assert error_codes(publish) == ["NOT_FOUND"]


async def test_publishing_rates_the_children_once_and_tells_the_street(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    framework = await evaluated_world(database, world)
    token = await street_admin_token(app, database, world)
    # when street A publishes its communities' stars
    body = await execute(client, PUBLISH, {"o": world.org_id("street_a")}, token=token)
    published = body["data"]["publishEvaluationStars"]["published"]
    assert [(p["organization"]["name"], p["stars"]) for p in published] == [("A社区党委", 1)]
    assert published[0]["publishedAt"]
    # then a second publication has nothing to publish
    again = await execute(client, PUBLISH, {"o": world.org_id("street_a")}, token=token)
    assert error_codes(again) == ["CONFLICT"]
    # and the street's subtree heard of it
    events = await execute(client, EVENTS, token=token)
    heard = [e for e in events["data"]["recentEvents"] if e["type"] == "EVALUATION_PUBLISHED"]
    assert heard == [
        {"type": "EVALUATION_PUBLISHED", "changes": {"year": 2026, "ratings": 1,
         "frameworkVersion": 1}, "organization": {"name": "A街道党工委"}},
    ]  # fmt: skip
    # and community B's secretary heard nothing
    outsider = await execute(client, EVENTS, token=world.tokens["outsider"])
    assert [e for e in outsider["data"]["recentEvents"] if e["type"].startswith("EVAL")] == []
    # and a published framework is not recomputed
    with pytest.raises(Conflict):
        await run_batch(database, framework)
