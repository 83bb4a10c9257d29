"""Member queries, personal-data masking and audit, and member mutations."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
from sqlalchemy import func, select

from db.audit import AuditEntryRow
from db.engine import Database
from db.members.models import Gender, MemberRow
from tests.factories import make_id_card
from tests.graphql import error_codes, execute
from tests.world import World

MEMBER = """
query ($id: ID!) {
  member(id: $id) {
    name status personalDataMasked idCardNumber phone
    branch { name } residenceCommunity { name }
  }
}
"""

MEMBERS = """
query ($filter: MemberFilter) { members(filter: $filter) { totalCount nodes { name status isMobile } } }
"""

CREATE = """
mutation ($input: CreateMemberInput!) { createMember(input: $input) { member { id name status idCardNumber } } }
"""

UPDATE = """
mutation ($input: UpdateMemberInput!) { updateMember(input: $input) { member { name phone version } } }
"""

CHANGE_STATUS = """
mutation ($input: ChangeMemberStatusInput!) { changeMemberStatus(input: $input) { member { status joinDate } } }
"""


def new_member(world: World, **overrides: Any) -> dict[str, Any]:
    birth = date(1990, 5, 17)
    return {
        "branchId": world.org_id("grid_a1"),
        "name": "李新",
        "gender": "FEMALE",
        "birthDate": birth.isoformat(),
        "ethnicity": "汉族",
        "education": "MASTER",
        "occupation": "PROFESSIONAL",
        "status": "APPLICANT",
        "idCardNumber": make_id_card(birth, Gender.FEMALE, 7),
        "phone": "13912345678",
    } | overrides


async def count_members(database: Database) -> int:
    async with database.session() as session:
        return int(await session.scalar(select(func.count()).select_from(MemberRow)) or 0)


async def test_secretary_reads_personal_data_unmasked_and_it_is_audited(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    body = await execute(
        client, MEMBER, {"id": world.member_id("m1")}, token=world.tokens["secretary"]
    )
    member = body["data"]["member"]
    assert member["personalDataMasked"] is False
    assert member["idCardNumber"] == world.members["m1"].id_card_number
    async with database.session() as session:
        reads = list(
            await session.scalars(
                select(AuditEntryRow).where(AuditEntryRow.action == "member.personal_data_read")
            )
        )
    assert {entry.detail["field"] for entry in reads} == {"id_card_number", "phone"}
    assert {entry.account_id for entry in reads} == {world.accounts["secretary"].id}


async def test_grid_worker_sees_personal_data_masked(
    client: httpx.AsyncClient, world: World
) -> None:
    body = await execute(
        client, MEMBER, {"id": world.member_id("m1")}, token=world.tokens["grid_worker"]
    )
    member = body["data"]["member"]
    number = world.members["m1"].id_card_number
    assert member["personalDataMasked"] is True
    assert member["idCardNumber"] == number[:4] + "*" * 10 + number[-4:]
    assert member["phone"].count("*") == 4


async def test_members_filter_by_subtree(client: httpx.AsyncClient, world: World) -> None:
    body = await execute(
        client, MEMBERS, {"filter": {"under": world.org_id("grid_a1")}}, token=world.tokens["admin"]
    )
    assert body["data"]["members"]["totalCount"] == 2


async def test_members_filter_by_status_and_mobile(client: httpx.AsyncClient, world: World) -> None:
    body = await execute(
        client,
        MEMBERS,
        {"filter": {"statuses": ["FULL"], "isMobile": True}},
        token=world.tokens["admin"],
    )
    assert body["data"]["members"]["totalCount"] == 0


async def test_members_filter_by_name(client: httpx.AsyncClient, world: World) -> None:
    name = world.members["m3"].name
    body = await execute(
        client, MEMBERS, {"filter": {"nameContains": name}}, token=world.tokens["admin"]
    )
    assert [n["name"] for n in body["data"]["members"]["nodes"]] == [name]


async def test_create_member(client: httpx.AsyncClient, world: World, database: Database) -> None:
    body = await execute(
        client, CREATE, {"input": new_member(world)}, token=world.tokens["secretary"]
    )
    assert body["data"]["createMember"]["member"]["status"] == "APPLICANT"
    assert await count_members(database) == 5


async def test_create_member_with_a_bad_id_card_changes_nothing(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    number = make_id_card(date(1990, 5, 17), Gender.FEMALE, 7)
    broken = number[:-1] + ("0" if number[-1] != "0" else "1")
    body = await execute(
        client,
        CREATE,
        {"input": new_member(world, idCardNumber=broken)},
        token=world.tokens["secretary"],
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] == "idCardNumber"
    assert "checksum" in body["errors"][0]["message"]
    assert await count_members(database) == 4


async def test_create_member_whose_id_card_disagrees_with_gender_is_refused(
    client: httpx.AsyncClient, world: World
) -> None:
    body = await execute(
        client, CREATE, {"input": new_member(world, gender="MALE")}, token=world.tokens["secretary"]
    )
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "idCardNumber"}


async def test_create_member_with_an_empty_name_is_refused(
    client: httpx.AsyncClient, world: World
) -> None:
    body = await execute(
        client, CREATE, {"input": new_member(world, name="  ")}, token=world.tokens["secretary"]
    )
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "name"}


async def test_create_member_with_a_duplicate_id_card_conflicts(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    existing = world.members["m1"]
    body = await execute(
        client,
        CREATE,
        {
            "input": new_member(
                world,
                idCardNumber=existing.id_card_number,
                birthDate=existing.birth_date.isoformat(),
                gender=existing.gender.name,
            )
        },
        token=world.tokens["secretary"],
    )
    assert error_codes(body) == ["CONFLICT"]
    assert await count_members(database) == 4


async def test_full_member_needs_a_join_date(client: httpx.AsyncClient, world: World) -> None:
    body = await execute(
        client, CREATE, {"input": new_member(world, status="FULL")}, token=world.tokens["secretary"]
    )
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "joinDate"}


async def test_update_member_phone(client: httpx.AsyncClient, world: World) -> None:
    body = await execute(
        client,
        UPDATE,
        {"input": {"id": world.member_id("m1"), "phone": "13700001111"}},
        token=world.tokens["secretary"],
    )
    member = body["data"]["updateMember"]["member"]
    assert member["phone"] == "13700001111"
    assert member["version"] == 2


async def test_update_member_with_a_bad_phone_changes_nothing(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    body = await execute(
        client,
        UPDATE,
        {"input": {"id": world.member_id("m1"), "phone": "12345"}},
        token=world.tokens["secretary"],
    )
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "phone"}
    async with database.session() as session:
        member = await session.get_one(MemberRow, world.members["m1"].id)
    assert member.phone == world.members["m1"].phone
    assert member.version == 1


async def test_the_old_status_mutation_refuses_and_names_the_development_step(
    client: httpx.AsyncClient, world: World
) -> None:
    # Given an applicant
    created = await execute(
        client, CREATE, {"input": new_member(world)}, token=world.tokens["secretary"]
    )
    member_id = created["data"]["createMember"]["member"]["id"]
    # When the deprecated changeMemberStatus is asked to make them an activist
    body = await execute(
        client,
        CHANGE_STATUS,
        {"input": {"id": member_id, "status": "ACTIVIST"}},
        token=world.tokens["secretary"],
    )
    # Then it refuses, naming the step that keeps the dates and checks the guards
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "status"}
    assert "admitActivist" in body["errors"][0]["message"]
    again = await execute(client, MEMBER, {"id": member_id}, token=world.tokens["secretary"])
    assert again["data"]["member"]["status"] == "APPLICANT"


async def test_full_member_cannot_move_further(client: httpx.AsyncClient, world: World) -> None:
    body = await execute(
        client,
        CHANGE_STATUS,
        {"input": {"id": world.member_id("m1"), "status": "APPLICANT"}},
        token=world.tokens["secretary"],
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_mutations_are_audited(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    await execute(client, CREATE, {"input": new_member(world)}, token=world.tokens["secretary"])
    async with database.session() as session:
        entry = await session.scalar(
            select(AuditEntryRow).where(AuditEntryRow.action == "member.created")
        )
    assert entry is not None
    assert entry.account_id == world.accounts["secretary"].id


async def test_an_update_from_a_stale_version_conflicts_and_changes_nothing(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    member_id = world.member_id("m1")
    first = await execute(
        client,
        UPDATE,
        {"input": {"id": member_id, "phone": "13700001111", "expectedVersion": 1}},
        token=world.tokens["secretary"],
    )
    assert first["data"]["updateMember"]["member"]["version"] == 2
    stale = await execute(
        client,
        UPDATE,
        {"input": {"id": member_id, "phone": "13700002222", "expectedVersion": 1}},
        token=world.tokens["secretary"],
    )
    assert stale["errors"][0]["extensions"] == {"code": "CONFLICT", "field": "expectedVersion"}
    async with database.session() as session:
        assert (await session.get_one(MemberRow, world.members["m1"].id)).phone == "13700001111"
