"""Frameworks as data: a used framework is frozen; next year's is a copy, edited before use;
hand-entered values come from the upper organisation with a note and evidence; only the top
of the tree manages frameworks."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette

from db.engine import Database
from schema.evaluation.types import FRAMEWORK
from schema.relay import to_global_id
from tests.evaluation_support import evaluated_world, street_admin_token
from tests.graphql import error_codes, execute
from tests.world import World

CREATE = """
mutation ($year: Int!, $copyOf: ID) {
  createEvaluationFramework(input: {year: $year, name: "年度考核", copyOf: $copyOf}) {
    id year version frozen starThresholds indicators { code weight formula }
  }
}
"""
CHANGE = """
mutation ($f: ID!, $weight: Float) {
  changeEvaluationIndicator(input: {frameworkId: $f, code: "SRV_ON_TIME", weight: $weight}) {
    indicators { code weight }
  }
}
"""
ENTER = """
mutation ($f: ID!, $o: ID!, $code: String!) {
  enterEvaluationValue(input: {frameworkId: $f, code: $code, organizationId: $o, value: 80,
                               note: "为民办实事项目全部完成", evidence: "街道台账第12号"}) {
    framework { id }
  }
}
"""


async def test_a_used_framework_is_frozen_and_a_copy_is_edited_instead(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    framework = to_global_id(FRAMEWORK, await evaluated_world(database, world))
    token = world.tokens["admin"]
    # when the city changes the used framework
    body = await execute(client, CHANGE, {"f": framework, "weight": 12}, token=token)
    # then it is refused, saying to copy it
    assert error_codes(body) == ["CONFLICT"]
    assert "copy it" in body["errors"][0]["message"]
    # and a copy for 2027 takes the change
    copy = await execute(client, CREATE, {"year": 2027, "copyOf": framework}, token=token)
    created = copy["data"]["createEvaluationFramework"]
    assert (created["year"], created["version"], created["frozen"]) == (2027, 1, False)
    assert len(created["indicators"]) == 20
    changed = await execute(client, CHANGE, {"f": created["id"], "weight": 12}, token=token)
    weights = {
        i["code"]: i["weight"] for i in changed["data"]["changeEvaluationIndicator"]["indicators"]
    }
    assert weights["SRV_ON_TIME"] == 12


async def test_the_standard_set_holds_five_categories_of_sixteen_and_four_deductions(
    app: Starlette, client: httpx.AsyncClient, world: World
) -> None:
    body = await execute(client, CREATE, {"year": 2026}, token=world.tokens["admin"])
    created = body["data"]["createEvaluationFramework"]
    assert created["starThresholds"] == [60.0, 70.0, 80.0, 90.0]
    assert len(created["indicators"]) == 20
    assert sum(i["weight"] for i in created["indicators"][:16]) == 100


async def test_a_street_enters_a_value_for_its_community_but_manages_no_framework(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    framework = to_global_id(FRAMEWORK, await evaluated_world(database, world))
    token = await street_admin_token(app, database, world)
    a = world.org_id("community_a")
    entered = await execute(
        client, ENTER, {"f": framework, "o": a, "code": "SRV_PRACTICAL"}, token=token
    )
    assert entered["data"]["enterEvaluationValue"] == {"framework": {"id": framework}}
    # and a computed indicator takes no value
    computed = await execute(
        client, ENTER, {"f": framework, "o": a, "code": "SRV_ON_TIME"}, token=token
    )
    assert error_codes(computed) == ["BAD_USER_INPUT"]
    # and the community's own secretary enters nothing for itself
    own = await execute(
        client, ENTER, {"f": framework, "o": a, "code": "SRV_PRACTICAL"},
        token=world.tokens["secretary"],
    )  # fmt: skip
    assert error_codes(own) == ["FORBIDDEN"]
    # and the street creates no framework
    create = await execute(client, CREATE, {"year": 2027}, token=token)
    assert error_codes(create) == ["FORBIDDEN"]
