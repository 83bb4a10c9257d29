"""The demo's API keys: the district data bureau's big-screen key (in use, rotated a week ago)
and an emergency bureau's old key, revoked. Their secrets are random and shown nowhere, so
they only make `apiKeys` look as it does in a city; create a usable one with `createApiKey`
as `admin` (README "API keys")."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from db.apikeys.models import ApiKeyRow
from db.apikeys.queries import names_taken
from db.bulk import accounts_by_username, insert_rows
from db.engine import Session
from db.organizations.models import get_organization_by_code
from generators.demo.names import CITY_CODE
from resolvers.apikeys.key_format import hash_secret

BIG_SCREEN = "江城区数据资源局 · 城市运行驾驶舱"
OLD_FEED = "江城区应急管理局 · 旧版数据接口"


def _hex(rng: random.Random, characters: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(characters))


async def seed_api_keys(session: Session, *, seed: int, now: datetime) -> int:
    """The demo keys, once; how many were written."""
    if await names_taken(session, [BIG_SCREEN, OLD_FEED]):
        return 0
    district = await get_organization_by_code(session, f"{CITY_CODE}-01")
    admin = (await accounts_by_username(session, ["admin"])).get("admin")
    if district is None or admin is None:
        return 0
    rng = random.Random(seed)
    common = {"organization_id": district.id, "created_by": admin[0], "version": 1}
    rows = [
        common
        | {
            "public_id": _hex(rng, 12),
            "name": BIG_SCREEN,
            "permissions": "read_activities,read_organizations,read_stations,read_statistics",
            "event_types": "organization,station",
            "created_at": now - timedelta(days=74),
            "expires_at": now + timedelta(days=291),
            "secret_hash": hash_secret(_hex(rng, 64)),
            "rotated_at": now - timedelta(days=7),
            "previous_hash": hash_secret(_hex(rng, 64)),
            "previous_until": now - timedelta(days=6),
            "last_used_at": now - timedelta(minutes=2),
            "use_count": 186_420,
            "version": 2,
        },
        common
        | {
            "public_id": _hex(rng, 12),
            "name": OLD_FEED,
            "permissions": "read_organizations,read_statistics",
            "event_types": "",
            "created_at": now - timedelta(days=210),
            "expires_at": now + timedelta(days=155),
            "secret_hash": hash_secret(_hex(rng, 64)),
            "revoked_at": now - timedelta(days=30),
            "revoked_by": admin[0],
            "last_used_at": now - timedelta(days=31),
            "use_count": 52_310,
            "version": 2,
        },
    ]
    optional = ("rotated_at", "previous_hash", "previous_until", "revoked_at", "revoked_by")
    rows = [dict.fromkeys(optional) | row for row in rows]  # one shape for executemany
    await insert_rows(session, ApiKeyRow, rows)
    return len(rows)
