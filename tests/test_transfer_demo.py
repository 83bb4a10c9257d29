"""The demo's transfers: every state, around the demo community, consistent with where their
members are, and work for the demo secretary on both sides."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select
from starlette.applications import Starlette

from db.accounts.models import MemberAccountRow
from db.engine import Database
from db.members.models import MemberRow, MemberStatus
from db.organizations.models import OrganizationRow, PartyOrgKind
from db.paths import ancestor_paths, path_ids
from db.transfers.models import TransferRow, TransferStatus
from schema.relay import to_global_id
from tests.databases import SeedDemo
from tests.graphql import execute
from tests.test_co_building_demo import token
from tests.transfer_support import ADVANCE, REQUEST, transfer_of

LIST = """
query ($d: TransferDirection!) {
  transfers(filter: {direction: $d}, first: 50) { nodes { status overdue allowedSteps } }
}
"""


@pytest.fixture
async def seeded(database: Database, demo: SeedDemo) -> Database:
    await demo(database, members=1500, petitions=50, history_days=1)
    return database


async def test_the_demo_holds_transfers_in_every_state_where_their_members_are(
    seeded: Database,
) -> None:
    # given the seeded demo
    async with seeded.session() as session:
        rows = (await session.execute(select(TransferRow, MemberRow).join(MemberRow))).all()
        own = await session.scalar(select(MemberAccountRow.member_id))
    # then every state is there
    assert {t.status for t, _ in rows} == set(TransferStatus)
    # and a member whose transfer is done belongs to its destination (or, gone out of the
    # platform, stays on record at its source as TRANSFERRED_OUT), the others to its source
    for transfer, member in rows:
        done = transfer.status is TransferStatus.DONE
        expected = transfer.destination_branch_id if done else None
        assert member.branch_id == (expected or transfer.source_branch_id), transfer.id
        gone = done and transfer.destination_branch_id is None
        assert (member.status is MemberStatus.TRANSFERRED_OUT) == gone, transfer.id
    assert any(m.status is MemberStatus.TRANSFERRED_OUT for _, m in rows)
    # and the demo member's own account is free to ask for one
    assert own not in {member.id for _, member in rows}


async def test_the_demo_secretary_has_work_on_both_sides(
    seeded: Database, app: Starlette, client: httpx.AsyncClient
) -> None:
    # given the demo secretary signed in
    secretary = await token(client, "secretary")
    # when they list the transfers out of and into their community
    found = {
        direction: (await execute(client, LIST, {"d": direction}, token=secretary))["data"][
            "transfers"
        ]["nodes"]
        for direction in ("OUTGOING", "INCOMING")
    }
    # then one asked waits for their approval, one waits for them to accept, and one is overdue
    assert any(t["allowedSteps"] == ["APPROVE", "CANCEL"] for t in found["OUTGOING"])
    assert any("ACCEPT" in t["allowedSteps"] for t in found["INCOMING"])
    assert any(t["overdue"] for t in found["INCOMING"])


OWN = "{ viewer { member { branch { id } } } }"
COUNT = "query ($id: ID!) { organization(id: $id) { statistics { memberCount } } }"


async def member_count(client: httpx.AsyncClient, admin: str, path: str) -> int:
    key = to_global_id("Organization", path_ids(path)[-1])
    body = await execute(client, COUNT, {"id": key}, token=admin)
    count: int = body["data"]["organization"]["statistics"]["memberCount"]
    return count


async def test_a_demo_member_moves_to_another_district_and_their_statistics_follow(
    seeded: Database, app: Starlette, client: httpx.AsyncClient
) -> None:
    # given the demo member, their secretary, the administrator, and a branch of another
    # district
    member, secretary, admin = [
        await token(client, who) for who in ("member", "secretary", "admin")
    ]
    async with seeded.session() as session:
        own = await session.scalar(select(MemberAccountRow.member_id))
        path = await session.scalar(select(MemberRow.org_path).where(MemberRow.id == own))
        assert path is not None
        district = ancestor_paths(path)[1]
        target = await session.scalar(
            select(OrganizationRow)
            .where(OrganizationRow.kind == PartyOrgKind.BRANCH)
            .where(~OrganizationRow.path.startswith(district))
            .order_by(OrganizationRow.id)
            .limit(1)
        )
    assert target is not None
    before = [await member_count(client, admin, p) for p in (district, target.path)]
    # when the member asks, their secretary approves, and the destination (here the
    # administrator) accepts
    asked = transfer_of(
        await execute(
            client,
            REQUEST,
            {
                "input": {
                    "destinationId": to_global_id("Organization", target.id),
                    "reason": "工作调动",
                }
            },
            token=member,
        ),
        "requestTransfer",
    )
    for who, step in ((secretary, {"step": "APPROVE", "letterNumber": "江组转字〔2026〕099号"}),
                      (admin, {"step": "ACCEPT"})):  # fmt: skip
        transfer_of(
            await execute(client, ADVANCE, {"input": {"id": asked["id"], **step}}, token=who),
            "advanceTransfer",
        )
    # then the member belongs to the branch of the other district, and the member counts of
    # both districts follow them
    mine = await execute(client, OWN, token=member)
    assert mine["data"]["viewer"]["member"]["branch"]["id"] == to_global_id(
        "Organization", target.id
    )
    after = [await member_count(client, admin, p) for p in (district, target.path)]
    assert after == [before[0] - 1, before[1] + 1]
