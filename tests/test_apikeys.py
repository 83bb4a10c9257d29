"""API keys: created by an administrator within their subtree, used as a bearer credential,
rotated (both secrets live during the grace), revoked, listed without their secrets."""

from __future__ import annotations

import asyncio
import re
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select, update
from starlette.applications import Starlette

from db.accounts.models import Role
from db.apikeys.models import ApiKeyRow
from db.apikeys.queries import ApiKeyRecord
from db.engine import Database
from resolvers.access import Binding, Permission, Viewer
from resolvers.apikeys.credentials import KEY_ACCOUNT, key_viewer
from resolvers.apikeys.writes import check_grants
from resolvers.errors import BadUserInput, Forbidden
from server import Settings
from tests.apikey_support import (
    CREATE,
    LIST,
    ORGANIZATIONS,
    create_key,
    key_input,
    revoke_key,
    rotate_key,
)
from tests.factories import create_account, token_for
from tests.graphql import client_from, error_codes, execute, served, statements_for
from tests.world import World
from transport.trusted_documents import TrustedDocuments

KEY_SHAPE = re.compile(r"zhdj_[0-9a-f]{12}_[0-9a-f]{64}")


async def _organizations(client: httpx.AsyncClient, key: str) -> list[str]:
    body = await execute(client, ORGANIZATIONS, token=key)
    assert "errors" not in body, body
    return [node["name"] for node in body["data"]["organizations"]["nodes"]]


async def _refusal(client: httpx.AsyncClient, key: str) -> str:
    body = await execute(client, ORGANIZATIONS, token=key)
    assert error_codes(body) == ["UNAUTHENTICATED"], body
    message: str = body["errors"][0]["message"]
    return message


async def test_a_created_key_is_shown_once_in_a_recognisable_shape(
    client: httpx.AsyncClient, world: World
) -> None:
    created = await create_key(client, world)

    assert KEY_SHAPE.fullmatch(created["secret"])
    assert created["secret"].startswith(created["apiKey"]["prefix"])
    assert created["apiKey"]["organization"]["name"] == "A区委"
    assert created["apiKey"]["permissions"] == [
        "READ_ORGANIZATIONS",
        "READ_STATIONS",
        "READ_STATISTICS",
    ]


async def test_only_a_hash_of_the_secret_is_kept_and_no_field_reads_it(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    created = await create_key(client, world)
    secret = created["secret"].rsplit("_", 1)[1]

    async with database.session() as session:
        row = (await session.scalars(select(ApiKeyRow))).one()
    listed = await execute(client, LIST, token=world.tokens["admin"])
    asked = await execute(
        client, "query { apiKeys { nodes { secret } } }", token=world.tokens["admin"]
    )

    assert secret not in repr(vars(row))
    assert len(row.secret_hash) == 64
    assert secret not in str(listed)
    assert error_codes(asked) == ["GRAPHQL_VALIDATION_FAILED"]


async def test_a_key_reads_its_scope_and_nothing_outside_it(
    client: httpx.AsyncClient, world: World
) -> None:
    created = await create_key(client, world)

    names = await _organizations(client, created["secret"])

    assert names
    assert all(name.startswith(("A", "grid_a")) for name in names), names


async def test_a_key_may_not_run_a_mutation(client: httpx.AsyncClient, world: World) -> None:
    created = await create_key(client, world)

    response = await client.post(
        "/graphql",
        json={"query": CREATE, "variables": {"input": key_input(world)}},
        headers={"Authorization": f"Bearer {created['secret']}"},
    )

    assert response.status_code == 403
    assert error_codes(response.json()) == ["FORBIDDEN"]


async def test_during_a_rotation_both_secrets_work_and_the_old_one_dies_after_the_grace(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    created = await create_key(client, world)
    old = created["secret"]

    rotated = await rotate_key(client, world, created["apiKey"]["id"])
    new = rotated["secret"]
    both_live = [await _organizations(client, old), await _organizations(client, new)]
    async with database.transaction() as session:  # the grace is over
        await session.execute(
            update(ApiKeyRow).values(previous_until=datetime.now(UTC) - timedelta(seconds=1))
        )

    assert new != old
    assert all(both_live)
    assert "API key rotated" in await _refusal(client, old)
    assert await _organizations(client, new)


async def test_a_revoked_key_is_refused_at_once_even_with_its_viewer_cached(
    app: Starlette, client: httpx.AsyncClient, world: World
) -> None:
    app.state.services.viewers.seconds = 60.0  # the cache on, as in production
    created = await create_key(client, world)
    await _organizations(client, created["secret"])  # cached now

    await revoke_key(client, world, created["apiKey"]["id"])

    assert "API key revoked" in await _refusal(client, created["secret"])


async def test_an_expired_key_is_refused(
    client: httpx.AsyncClient, world: World, database: Database
) -> None:
    created = await create_key(client, world)
    async with database.transaction() as session:
        await session.execute(
            update(ApiKeyRow).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )

    assert "API key expired" in await _refusal(client, created["secret"])


async def test_a_wrong_secret_for_a_real_key_tells_nothing_about_it(
    client: httpx.AsyncClient, world: World
) -> None:
    created = await create_key(client, world)
    forged = created["apiKey"]["prefix"] + "0" * 64

    assert "API key unknown" in await _refusal(client, forged)


async def test_only_administrators_create_keys(client: httpx.AsyncClient, world: World) -> None:
    body = await execute(
        client, CREATE, {"input": key_input(world)}, token=world.tokens["secretary"]
    )

    assert error_codes(body) == ["FORBIDDEN"]
    assert body["errors"][0]["extensions"]["permission"] == "administrator"


async def test_a_key_s_scope_lies_within_its_creator_s_subtree(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    async with database.transaction() as session:
        admin_b = await create_account(session, [(Role.ADMINISTRATOR, world.orgs["district_b"])])
    token = token_for(app.state.services.tokens, admin_b)

    body = await execute(client, CREATE, {"input": key_input(world)}, token=token)

    assert error_codes(body) == ["NOT_FOUND"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"permissions": ["READ_ORGANIZATIONS"], "eventTypes": ["MEMBER"]}, "eventTypes"),
        ({"permissions": []}, "permissions"),
        ({"name": "  "}, "name"),
        ({"expiresAt": "2020-01-01T00:00:00+00:00"}, "expiresAt"),
    ],
)
async def test_a_key_s_grants_and_expiry_are_checked(
    client: httpx.AsyncClient, world: World, overrides: dict[str, object], field: str
) -> None:
    body = await execute(
        client, CREATE, {"input": key_input(world, **overrides)}, token=world.tokens["admin"]
    )

    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] == field


def test_a_creator_cannot_grant_a_permission_they_do_not_hold_there() -> None:
    creator = Viewer(
        account_id=1,
        bindings=(Binding(Role.ADMINISTRATOR, 1, "/1/", frozenset({Permission.READ_STATISTICS})),),
    )

    with pytest.raises(Forbidden) as refused:
        check_grants(creator, "/1/2/", (Permission.READ_MEMBERS,), ())

    assert (refused.value.extensions or {})["permission"] == "read_members"


def test_personal_data_and_writes_are_never_granted_to_a_key() -> None:
    admin = Viewer(account_id=1, bindings=(Binding(Role.ADMINISTRATOR, 1, "/1/"),))

    for permission in (Permission.READ_PERSONAL_DATA, Permission.WRITE_MEMBERS):
        with pytest.raises(BadUserInput):
            check_grants(admin, "/1/", (permission,), ())


async def test_uses_are_counted_in_memory_and_written_in_a_batch(
    app: Starlette, client: httpx.AsyncClient, world: World, database: Database
) -> None:
    created = await create_key(client, world)
    for _ in range(3):
        await _organizations(client, created["secret"])
    before = await execute(client, LIST, token=world.tokens["admin"])

    written = await app.state.services.key_usage.flush(database)
    after = await execute(client, LIST, token=world.tokens["admin"])

    assert before["data"]["apiKeys"]["nodes"][0]["useCount"] == 0
    assert written == 3
    listed = after["data"]["apiKeys"]["nodes"][0]
    assert listed["useCount"] == 3
    assert listed["lastUsedAt"] is not None


def test_a_key_s_viewer_holds_its_permissions_only_and_counts_as_a_partner() -> None:
    now = datetime.now(UTC)
    record = ApiKeyRecord(
        id=7, public_id="0" * 12, name="驾驶舱", organization_id=2, permissions="read_statistics",
        event_types="station", created_by=1, created_at=now, expires_at=now + timedelta(days=1),
        secret_hash="0" * 64, rotated_at=None, previous_hash=None, previous_until=None,
        revoked_at=None, last_used_at=None, use_count=0, version=1, trusted_documents=None,
        org_path="/1/2/",
    )  # fmt: skip

    viewer = key_viewer(record)

    assert viewer.account_id == KEY_ACCOUNT
    assert viewer.can(Permission.READ_STATISTICS, "/1/2/3/")
    assert not viewer.can(Permission.READ_STATIONS, "/1/2/3/")
    assert not viewer.can(Permission.READ_STATISTICS, "/1/9/")
    assert not viewer.may_receive("organization", "/1/2/")
    assert TrustedDocuments({}).binds(viewer)


async def test_a_key_revoked_on_one_instance_is_refused_by_another_within_the_check_interval(
    settings: Settings, client: httpx.AsyncClient, world: World
) -> None:
    other_settings = settings.model_copy(
        update={"viewer_cache_seconds": 60.0, "credential_check_seconds": 0.3}
    )
    created = await create_key(client, world)
    async with served(other_settings) as other, client_from(other) as elsewhere:
        assert await _organizations(elsewhere, created["secret"])  # its viewer cached there

        await revoke_key(client, world, created["apiKey"]["id"])
        started = time.monotonic()
        async with asyncio.timeout(10):
            while "errors" not in await execute(elsewhere, ORGANIZATIONS, token=created["secret"]):
                await asyncio.sleep(0.05)

    assert time.monotonic() - started < 5.0  # the interval, with room for a loaded machine


async def test_a_key_reads_itself_as_the_viewer_and_nobody_else_s_key(
    client: httpx.AsyncClient, world: World
) -> None:
    created = await create_key(client, world)
    ask = "query ($id: ID!) { node(id: $id) { id } viewer { username apiKey { name prefix } } }"

    as_key = await execute(client, ask, {"id": created["apiKey"]["id"]}, token=created["secret"])
    as_secretary = await execute(
        client, ask, {"id": created["apiKey"]["id"]}, token=world.tokens["secretary"]
    )
    as_admin = await execute(
        client, ask, {"id": created["apiKey"]["id"]}, token=world.tokens["admin"]
    )

    prefix = created["apiKey"]["prefix"]
    assert as_key["data"]["viewer"] == {
        "username": prefix,
        "apiKey": {"name": "区大数据局对接", "prefix": prefix},
    }
    assert as_key["data"]["node"] is None  # keys are managed by administrators only
    assert as_secretary["data"]["node"] is None
    assert as_secretary["data"]["viewer"]["apiKey"] is None
    assert as_admin["data"]["node"] == {"id": created["apiKey"]["id"]}


async def test_a_page_of_keys_costs_the_same_statements_whatever_its_length(
    app: Starlette, client: httpx.AsyncClient, world: World
) -> None:
    for _ in range(4):
        await create_key(client, world)
    page = "query ($first: Int) { apiKeys(first: $first) { nodes { name organization { name } } } }"

    one = await statements_for(client, app, page, world.tokens["admin"], 1)
    four = await statements_for(client, app, page, world.tokens["admin"], 4)

    assert one == four
