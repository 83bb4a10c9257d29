"""What the baselines share: a request as the load generator sends it, zhdj's global ids read
as a client reads them, and the check that every server answers a page with the same rows.

The pages themselves, each three ways, are bench/twins.py's. `{ __typename }` goes without a
token to zhdj and PostGraphile; the floor's `/hello` answers the same bytes as a constant (a
request and nothing else). No project code: zhdj is reached through its API like any client,
its global ids read as Relay's convention has them (base64 of `Type:key`).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from bench.twins import Twin

TRIVIAL = "{ __typename }"


@dataclass(frozen=True, slots=True)
class Call:
    """One request as the load generator sends it, again and again."""

    method: str
    path: str
    body: str = ""
    signed_in: bool = False


def relay_key(global_id: str | int) -> int:
    """The key in a Relay global id (base64 of `Type:key`); the floor sends the key itself, and
    PostGraphile a BigInt as a string."""
    if isinstance(global_id, int):
        return global_id
    if global_id.isdigit():
        return int(global_id)
    return int(base64.urlsafe_b64decode(global_id).decode().rpartition(":")[2])


def graphql(document: str, *, signed_in: bool = False, **variables: Any) -> Call:
    body = {"query": document} | ({"variables": variables} if variables else {})
    return Call("POST", "/graphql", json.dumps(body, ensure_ascii=False), signed_in)


TRIVIALS = {
    "zhdj": graphql(TRIVIAL),
    "floor": Call("GET", "/hello"),
    "postgraphile": graphql(TRIVIAL),
}


async def send(client: httpx.AsyncClient, url: str, call: Call, token: str) -> dict[str, Any]:
    """The call's answer, once; an error answer is raised."""
    headers = {"Authorization": f"Bearer {token}"} if call.signed_in else {}
    if call.body:
        headers["Content-Type"] = "application/json"
    response = await client.request(
        call.method, url + call.path, content=call.body.encode(), headers=headers
    )
    answer: dict[str, Any] = response.json()
    if response.status_code != 200 or answer.get("errors"):
        raise RuntimeError(f"{url}{call.path}: {response.status_code} {answer}")
    return answer


async def check_identical(
    client: httpx.AsyncClient, urls: dict[str, str], twin: Twin, token: str
) -> Any:
    """The page's rows, the same from every server (else an error naming who differs); a page
    whose rows are empty is an error too (nothing would be measured)."""
    answers = {
        name: twin.rows(name, await send(client, urls[name], call, token))
        for name, call in twin.calls.items()
    }
    reference = answers["zhdj"]
    for name, rows in answers.items():
        if rows != reference:
            raise RuntimeError(
                f"{twin.name}: {name} answers other rows than zhdj:\n{rows}\n{reference}"
            )
    if not reference or (isinstance(reference, tuple) and reference[-1] == []):
        raise RuntimeError(f"{twin.name} is empty: seed the demo city (server.py seed)")
    return reference
