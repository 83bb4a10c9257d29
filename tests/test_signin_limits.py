"""Sign-in throttling: guessing is slowed, the owner is never locked out by others' failures,
and the budget is one across instances sharing Redis."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette

from server import Settings
from tests.factories import PASSWORD
from tests.graphql import client_from, error_codes, execute, served
from tests.processes import PrivateRedis, free_port
from tests.world import World
from tests.ws import SubscriptionClient

LOGIN = (
    "mutation ($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }"
)
RIGHT = PASSWORD


async def sign_in(client: httpx.AsyncClient, username: str, password: str) -> list[str]:
    return error_codes(await execute(client, LOGIN, {"u": username, "p": password}))


async def test_a_guesser_is_slowed_after_five_wrong_passwords(app: Starlette, world: World) -> None:
    async with client_from(app, "198.51.100.7") as attacker:
        codes = [await sign_in(attacker, "secretary", f"guess{n}") for n in range(6)]
        body = await execute(attacker, LOGIN, {"u": "secretary", "p": RIGHT})

    assert codes[:5] == [["UNAUTHENTICATED"]] * 5
    assert codes[5] == ["RATE_LIMITED"]
    # Refused before the password is checked: a throttled guesser learns nothing from it.
    assert error_codes(body) == ["RATE_LIMITED"]
    assert "wait" in body["errors"][0]["message"]


async def test_the_owner_signs_in_while_someone_else_guesses_their_password(
    app: Starlette, world: World
) -> None:
    async with client_from(app, "198.51.100.7") as attacker:
        for n in range(12):
            await sign_in(attacker, "secretary", f"guess{n}")
        assert await sign_in(attacker, "secretary", "guess") == ["RATE_LIMITED"]

    async with client_from(app, "203.0.113.20") as owner:
        assert await sign_in(owner, "secretary", RIGHT) == []


async def test_a_successful_sign_in_forgives_the_clients_own_typos(
    app: Starlette, world: World
) -> None:
    async with client_from(app, "203.0.113.20") as owner:
        for n in range(4):
            assert await sign_in(owner, "secretary", f"typo{n}") == ["UNAUTHENTICATED"]
        assert await sign_in(owner, "secretary", RIGHT) == []
        codes = [await sign_in(owner, "secretary", f"typo{n}") for n in range(4)]

    assert codes == [["UNAUTHENTICATED"]] * 4


async def test_guessing_one_username_from_many_addresses_slows_new_addresses_only(
    settings: Settings, world: World
) -> None:
    settings.signin_username_limits = "5/hour"
    async with served(settings) as app:
        async with client_from(app, "203.0.113.20") as owner:
            assert await sign_in(owner, "secretary", RIGHT) == []
        for n in range(5):
            async with client_from(app, f"198.51.100.{n + 1}") as bot:
                assert await sign_in(bot, "secretary", "guess") == ["UNAUTHENTICATED"]

        async with client_from(app, "198.51.100.99") as another_bot:
            refused = await execute(another_bot, LOGIN, {"u": "secretary", "p": RIGHT})
        async with client_from(app, "203.0.113.20") as owner:
            welcomed = await sign_in(owner, "secretary", RIGHT)
        async with client_from(app, "198.51.100.99") as someone:
            other_account = await sign_in(someone, "admin", RIGHT)

    assert error_codes(refused) == ["RATE_LIMITED"]
    assert "signed in from before" in refused["errors"][0]["message"]
    assert welcomed == []
    assert other_account == []


async def test_one_address_trying_many_usernames_is_slowed(
    settings: Settings, world: World
) -> None:
    settings.signin_address_limits = "4/minute"
    async with served(settings) as app, client_from(app, "198.51.100.7") as sprayer:
        codes = [await sign_in(sprayer, f"user{n}", "password1") for n in range(5)]

    assert codes == [["UNAUTHENTICATED"]] * 4 + [["RATE_LIMITED"]]


async def test_usernames_differing_in_case_share_a_budget(app: Starlette, world: World) -> None:
    async with client_from(app, "198.51.100.7") as attacker:
        codes = [await sign_in(attacker, name, "guess") for name in ("a", "A", "a", "A", "a", "A")]

    assert codes[-1] == ["RATE_LIMITED"]


async def test_a_trusted_proxy_passes_on_the_client_address(
    settings: Settings, world: World
) -> None:
    settings.trusted_proxies = ["10.0.0.0/8"]
    async with served(settings) as app, client_from(app, "10.1.2.3") as balancer:
        for n in range(6):
            await balancer.post(
                "/graphql",
                json={"query": LOGIN, "variables": {"u": "secretary", "p": f"guess{n}"}},
                headers={"X-Forwarded-For": "198.51.100.7"},
            )
        other_client = await balancer.post(
            "/graphql",
            json={"query": LOGIN, "variables": {"u": "secretary", "p": RIGHT}},
            headers={"X-Forwarded-For": "1.2.3.4, 203.0.113.20"},
        )

    assert error_codes(other_client.json()) == []


@pytest.mark.multiprocess
async def test_instances_sharing_redis_share_one_budget(
    settings: Settings, world: World, private_redis: PrivateRedis
) -> None:
    await private_redis.start()
    settings.rate_limit_url = private_redis.url
    async with served(settings) as first, served(settings) as second:
        codes = []
        for n in range(6):
            async with client_from(first if n % 2 else second, "198.51.100.7") as attacker:
                codes.append(await sign_in(attacker, "secretary", f"guess{n}"))

    assert codes == [["UNAUTHENTICATED"]] * 5 + [["RATE_LIMITED"]]


async def test_sign_ins_keep_working_when_redis_is_down(settings: Settings, world: World) -> None:
    settings.rate_limit_url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    async with served(settings) as app, client_from(app, "203.0.113.20") as owner:
        codes = [await sign_in(owner, "secretary", f"guess{n}") for n in range(6)]
        signed_in = await sign_in(owner, "admin", RIGHT)

    # Counted in the process instead: still slowed, never a 500.
    assert codes == [["UNAUTHENTICATED"]] * 5 + [["RATE_LIMITED"]]
    assert signed_in == []


LOGIN_WITH_KEY = (
    "mutation ($u: String!, $p: String!, $k: String) "
    "{ login(input: {username: $u, password: $p, deviceKey: $k}) { token deviceKey } }"
)


async def test_a_browser_that_signed_in_before_is_not_slowed_by_a_guesser_at_its_address(
    app: Starlette, world: World
) -> None:
    # Given the owner's browser signed in once (and kept the device cookie) ...
    async with client_from(app, "198.51.100.7") as browser:
        first = await execute(browser, LOGIN, {"u": "secretary", "p": RIGHT})
        cookie = first_cookie(browser)
        # ... and someone behind the very same address guessing the password since
        async with client_from(app, "198.51.100.7") as attacker:
            for n in range(8):
                await sign_in(attacker, "secretary", f"guess{n}")
            assert await sign_in(attacker, "secretary", RIGHT) == ["RATE_LIMITED"]
        # When the owner signs in again from the browser
        again = await sign_in(browser, "secretary", RIGHT)

    # Then the cookie proves it is them: nobody else's failures count against it
    assert "errors" not in first
    assert cookie is not None
    assert again == []


async def test_an_app_sends_its_device_key_back_and_a_forged_one_counts_for_nothing(
    app: Starlette, world: World
) -> None:
    async with client_from(app, "198.51.100.7") as phone:
        body = await execute(phone, LOGIN_WITH_KEY, {"u": "secretary", "p": RIGHT})
    key = body["data"]["login"]["deviceKey"]
    async with client_from(app, "198.51.100.7") as attacker:
        for n in range(8):
            await execute(
                attacker,
                LOGIN_WITH_KEY,
                {"u": "secretary", "p": f"guess{n}", "k": key[:-2] + "xx"},
            )
        forged = await execute(
            attacker, LOGIN_WITH_KEY, {"u": "secretary", "p": RIGHT, "k": "nonce.forged"}
        )
        # A key is for the account it was issued for only
        other_account = await execute(
            attacker, LOGIN_WITH_KEY, {"u": "admin", "p": RIGHT, "k": key}
        )
    async with client_from(app, "198.51.100.7") as phone:
        again = await execute(phone, LOGIN_WITH_KEY, {"u": "secretary", "p": RIGHT, "k": key})

    assert error_codes(forged) == ["RATE_LIMITED"]
    assert error_codes(other_account) == []
    assert other_account["data"]["login"]["deviceKey"] != key
    assert error_codes(again) == []
    assert again["data"]["login"]["deviceKey"] == key


async def test_a_device_key_is_slowed_by_its_own_failures(app: Starlette, world: World) -> None:
    async with client_from(app, "203.0.113.20") as phone:
        body = await execute(phone, LOGIN_WITH_KEY, {"u": "secretary", "p": RIGHT})
        key = body["data"]["login"]["deviceKey"]
        phone.cookies.clear()
        codes = [
            error_codes(
                await execute(phone, LOGIN_WITH_KEY, {"u": "secretary", "p": f"guess{n}", "k": key})
            )
            for n in range(6)
        ]

    assert codes == [["UNAUTHENTICATED"]] * 5 + [["RATE_LIMITED"]]


async def test_the_device_cookie_is_kept_from_scripts_and_other_sites(
    app: Starlette, world: World
) -> None:
    async with client_from(app, "203.0.113.20") as browser:
        response = await browser.post(
            "/graphql", json={"query": LOGIN, "variables": {"u": "secretary", "p": RIGHT}}
        )
    header = response.headers["set-cookie"].lower()
    assert header.startswith("zhdj_device=")
    assert "httponly" in header
    assert "samesite=strict" in header
    assert "path=/graphql" in header


def first_cookie(client: httpx.AsyncClient) -> str | None:
    return client.cookies.get("zhdj_device")


async def test_sign_ins_over_a_websocket_count_for_the_clients_address(
    live_server: str, world: World
) -> None:
    # Given five wrong passwords sent over a websocket
    socket = await SubscriptionClient.open(live_server)
    codes = []
    for n in range(5):
        await socket.subscribe(LOGIN, {"u": "secretary", "p": f"guess{n}"})
        codes.append(error_codes(await socket.next_payload()))
        assert (await socket.receive())["type"] == "complete"
    await socket.close()
    # When the same address tries once more over HTTP
    async with httpx.AsyncClient(base_url=f"http://{live_server}") as http:
        after = await sign_in(http, "secretary", "guess")

    # Then the websocket's attempts were counted for that address, not for nobody's
    assert codes == [["UNAUTHENTICATED"]] * 5
    assert after == ["RATE_LIMITED"]
