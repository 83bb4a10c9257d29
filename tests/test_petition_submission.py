"""Submitting petitions: validation, idempotent retries, staff on behalf, masked contacts."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from sqlalchemy import func, select

from db.audit import AuditEntryRow
from db.engine import Database
from db.petitions.models import PetitionRow
from tests.graphql import error_codes, execute
from tests.petition_support import SUBMIT, categories, petition_input, submit
from tests.world import World

CONTACT = "query ($id: ID!) { petition(id: $id) { contactMasked contactName contactPhone isMine } }"


async def count_petitions(database: Database) -> int:
    async with database.session() as session:
        return int(await session.scalar(select(func.count()).select_from(PetitionRow)) or 0)


async def test_a_resident_submits_and_the_timeline_starts(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    codes = await categories(database)
    petition = await submit(client, world, codes)
    assert petition["status"] == "SUBMITTED"
    assert petition["isMine"] is True
    assert petition["contactPhone"] == "13812345678"
    assert petition["timeline"] == [{"action": "SUBMIT", "toStatus": "SUBMITTED"}]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"content": "   "}, "content"),
        ({"title": "长" * 101}, "title"),
        ({"content": "长" * 2001}, "content"),
        ({"categoryId": "UGV0aXRpb25DYXRlZ29yeTo5OTk="}, "categoryId"),  # PetitionCategory:999
        ({"contactPhone": "12345"}, "contactPhone"),
    ],
)
async def test_bad_input_is_refused_and_changes_nothing(
    client: httpx.AsyncClient,
    world: World,
    database: Database,
    overrides: dict[str, str],
    field: str,
) -> None:
    codes = await categories(database)
    body = await execute(
        client,
        SUBMIT,
        {"input": petition_input(world, codes, **overrides)},
        token=world.tokens["resident"],
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] == field
    assert await count_petitions(database) == 0


async def test_a_grid_outside_the_submitters_reach_is_refused(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    codes = await categories(database)
    body = await execute(
        client,
        SUBMIT,
        {"input": petition_input(world, codes, gridId=world.org_id("grid_b1"))},
        token=world.tokens["resident"],
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] == "gridId"


async def test_a_major_kind_or_retired_category_cannot_take_petitions(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    codes = await categories(database)
    retire = "mutation ($id: ID!) { retirePetitionCategory(id: $id) { category { retiredAt } } }"
    await execute(client, retire, {"id": codes["PM-GREEN"]}, token=world.tokens["admin"])
    for code in ("PM", "PM-GREEN"):
        body = await execute(
            client,
            SUBMIT,
            {"input": petition_input(world, codes, categoryId=codes[code])},
            token=world.tokens["resident"],
        )
        assert error_codes(body) == ["BAD_USER_INPUT"], code


async def test_a_retried_submission_returns_the_first_petition(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    codes = await categories(database)
    variables = {"input": petition_input(world, codes, idempotencyKey="retry-1")}
    token = world.tokens["resident"]

    bodies = await asyncio.gather(
        *(execute(client, SUBMIT, variables, token=token) for _ in range(4))
    )
    again = await execute(client, SUBMIT, variables, token=token)

    ids = {body["data"]["submitPetition"]["petition"]["id"] for body in [*bodies, again]}
    assert len(ids) == 1
    assert await count_petitions(database) == 1


async def test_the_same_key_with_other_input_is_a_conflict(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    codes = await categories(database)
    token = world.tokens["resident"]
    await execute(
        client, SUBMIT, {"input": petition_input(world, codes, idempotencyKey="k")}, token=token
    )

    body = await execute(
        client,
        SUBMIT,
        {"input": petition_input(world, codes, idempotencyKey="k", title="别的事")},
        token=token,
    )

    assert error_codes(body) == ["CONFLICT"]
    assert await count_petitions(database) == 1


async def test_staff_submit_on_a_residents_behalf_and_the_resident_follows_it(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    codes = await categories(database)
    petition = await submit(
        client,
        world,
        codes,
        role="station_staff",
        onBehalf=True,
        residentUsername="resident",
        channel="STATION",
    )
    assert petition["isMine"] is False
    body = await execute(client, CONTACT, {"id": petition["id"]}, token=world.tokens["resident"])
    assert body["data"]["petition"]["isMine"] is True


@pytest.mark.parametrize("username", ["admin", "partner", "nobody"])
async def test_staff_may_hand_a_petition_only_to_a_resident_of_its_place(
    client: httpx.AsyncClient, world: World, database: Database, username: str
) -> None:
    # Given staff raising a petition in grid A1 on behalf of an account that is no resident
    # there (an administrator, a partner) or no account at all
    codes = await categories(database)
    body = await execute(
        client,
        SUBMIT,
        {"input": petition_input(world, codes, onBehalf=True, residentUsername=username)},
        token=world.tokens["station_staff"],
    )
    # Then it is refused alike, and nothing is written
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] == "residentUsername"
    assert await count_petitions(database) == 0


async def test_a_resident_may_not_submit_on_anothers_behalf(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    codes = await categories(database)
    body = await execute(
        client,
        SUBMIT,
        {"input": petition_input(world, codes, onBehalf=True)},
        token=world.tokens["resident"],
    )
    assert error_codes(body) == ["FORBIDDEN"]


async def test_contacts_are_masked_unless_allowed_and_unmasked_reads_are_audited(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    codes = await categories(database)
    petition = await submit(client, world, codes)

    masked = await execute(
        client, CONTACT, {"id": petition["id"]}, token=world.tokens["grid_worker"]
    )
    plain = await execute(client, CONTACT, {"id": petition["id"]}, token=world.tokens["secretary"])

    assert masked["data"]["petition"] | {"isMine": None} == {
        "contactMasked": True, "contactName": "王**", "contactPhone": "138****5678", "isMine": None,
    }  # fmt: skip
    assert plain["data"]["petition"]["contactPhone"] == "13812345678"
    async with database.session() as session:
        fields = list(
            await session.scalars(
                select(AuditEntryRow.detail).where(
                    AuditEntryRow.action == "petition.personal_data_read"
                )
            )
        )
    assert sorted(detail["field"] for detail in fields) == ["contact_name", "contact_phone"]


async def test_anonymous_petitions_hide_the_contact_from_everyone_but_the_submitter(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    codes = await categories(database)
    petition = await submit(client, world, codes, anonymous=True)

    secretary = await execute(
        client, CONTACT, {"id": petition["id"]}, token=world.tokens["secretary"]
    )
    resident = await execute(
        client, CONTACT, {"id": petition["id"]}, token=world.tokens["resident"]
    )

    assert secretary["data"]["petition"]["contactName"] is None
    assert secretary["data"]["petition"]["contactPhone"] is None
    assert resident["data"]["petition"]["contactPhone"] == "13812345678"
