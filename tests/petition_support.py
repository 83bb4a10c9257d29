"""Helpers for the petition tests: the taxonomy, submitting, and taking steps over GraphQL."""

from __future__ import annotations

from typing import Any

import httpx

from db.engine import Database
from db.petitions.categories import ensure_default_categories
from db.petitions.vocabulary import ensure_default_vocabulary
from schema.relay import to_global_id
from tests.graphql import execute
from tests.world import World

SUBMIT = """
mutation ($input: SubmitPetitionInput!) {
  submitPetition(input: $input) {
    petition { id status version title isMine contactName contactPhone timeline { action toStatus } }
  }
}
"""
STEP_FIELDS = "petition { id status version handlerName satisfaction timeline { action fromStatus toStatus actorName note } }"
STEPS = {
    "accept": "acceptPetition(input: $input)",
    "assign": "assignPetition(input: $input)",
    "start": "startPetition(input: $input)",
    "resolve": "resolvePetition(input: $input)",
    "rate": "ratePetition(input: $input)",
    "close": "closePetition(input: $input)",
    "reject": "rejectPetition(input: $input)",
    "escalate": "escalatePetition(input: $input)",
    "reopen": "reopenPetition(input: $input)",
}
INPUT_TYPES = {
    "assign": "AssignPetitionInput",
    "resolve": "ResolvePetitionInput",
    "rate": "RatePetitionInput",
    "reject": "RejectPetitionInput",
}
# The extra input each step needs to be valid.
STEP_INPUT: dict[str, dict[str, Any]] = {
    "resolve": {"resolution": "已更换楼道灯泡"},
    "rate": {"satisfaction": 5, "comment": "很及时"},
    "reject": {"reason": "不属于社区职责范围"},
}


async def categories(database: Database) -> dict[str, str]:
    """The default taxonomy's global IDs by code (inserted if a test truncated the table, as
    the hot-word vocabulary is)."""
    async with database.transaction() as session:
        ids = await ensure_default_categories(session)
        await ensure_default_vocabulary(session)
    return {code: to_global_id("PetitionCategory", key) for code, key in ids.items()}


def petition_input(world: World, codes: dict[str, str], **overrides: Any) -> dict[str, Any]:
    return {
        "title": "楼道灯坏了",
        "content": "3号楼2单元楼道灯坏了一个星期，晚上回家看不见台阶，老人容易摔倒。",
        "categoryId": codes["PS-FACILITY"],
        "gridId": world.org_id("grid_a1"),
        "channel": "APP",
        "contactName": "王小明",
        "contactPhone": "13812345678",
    } | overrides


async def submit(
    client: httpx.AsyncClient,
    world: World,
    codes: dict[str, str],
    role: str = "resident",
    **overrides: Any,
) -> dict[str, Any]:
    body = await execute(
        client,
        SUBMIT,
        {"input": petition_input(world, codes, **overrides)},
        token=world.tokens[role],
    )
    assert "errors" not in body, body
    petition: dict[str, Any] = body["data"]["submitPetition"]["petition"]
    return petition


async def step(
    client: httpx.AsyncClient, token: str, action: str, petition_id: str, **extra: Any
) -> dict[str, Any]:
    """The raw response of one workflow step (inspect `errors` yourself)."""
    input_type = INPUT_TYPES.get(action, "PetitionStepInput")
    document = f"mutation ($input: {input_type}!) {{ {STEPS[action]} {{ {STEP_FIELDS} }} }}"
    values = {"id": petition_id} | STEP_INPUT.get(action, {}) | extra
    return await execute(client, document, {"input": values}, token=token)


async def advance(
    client: httpx.AsyncClient, world: World, petition_id: str, actions: list[str]
) -> dict[str, Any]:
    """Take the steps in order as the actor who normally takes each; the petition after them."""
    petition: dict[str, Any] = {}
    for action in actions:
        role = "resident" if action in ("rate", "reopen") else "secretary"
        body = await step(client, world.tokens[role], action, petition_id)
        assert "errors" not in body, (action, body)
        petition = next(iter(body["data"].values()))["petition"]
    return petition


async def insert_petition(database: Database, world: World, status: str, **overrides: Any) -> str:
    """A petition of the resident in grid A1 stored directly at `status`; its global ID."""
    from datetime import timedelta

    from db.base import china_day, utcnow
    from db.petitions.models import PetitionChannel, PetitionRow, PetitionStatus
    from db.petitions.tallies import placement, retally_petition

    now = utcnow()
    grid = world.orgs["grid_a1"]
    await categories(database)
    async with database.transaction() as session:
        from sqlalchemy import select

        from db.petitions.models import PetitionCategoryRow

        category_id = await session.scalar(
            select(PetitionCategoryRow.id).where(PetitionCategoryRow.code == "PS-FACILITY")
        )
        resolved = status in ("resolved", "rated", "closed")
        values: dict[str, Any] = {
            "title": "路灯不亮",
            "content": "小区门口路灯不亮",
            "category_id": category_id,
            "channel": PetitionChannel.APP,
            "status": PetitionStatus(status),
            "grid_id": grid.id,
            "org_path": grid.path,
            "handling_org_id": grid.id,
            "handling_org_path": grid.path,
            "submitter_account_id": world.accounts["resident"].id,
            "created_by_account_id": world.accounts["resident"].id,
            "anonymous": False,
            "version": 1,
            "day": china_day(now),
            "deadline_at": now + timedelta(hours=72),
            "escalations": 0,
            "resolution": "已修复" if resolved else None,
            "resolved_at": now if resolved else None,
            "handling_seconds": 3600 if resolved else None,
            "created_at": now - timedelta(hours=1),
            "updated_at": now,
        } | overrides
        # Held at the grid: the grid's own deadline is the petition's, unless a test says.
        values.setdefault("level_deadline_at", values["deadline_at"])
        row = PetitionRow(**values)
        session.add(row)
        await session.flush()
        await retally_petition(session, None, placement(row))
        return to_global_id("Petition", row.id)
