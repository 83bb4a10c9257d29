"""The branch member page three ways, the baselines zhdj is measured against: zhdj's GraphQL,
the Python floor (bench/floor_server.py: the same statements by hand) and PostGraphile 4.14.

The page is one branch's first 20 members by key with their branch's name, and the count: a
page each of the three can express. Each answers in its own shape (zhdj with Relay global ids
and enum names, PostGraphile with the table's keys as BigInt strings and the stored lower-case
values); `rows` brings them to one, so the bench checks they are identical before measuring.
The branch is the one with the most members among the first 100 the account sees, so the page
is full and its count is more than the page.

No project code: zhdj is reached through its API like any client, its global ids read as
Relay's convention has them (base64 of `Type:key`).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

import httpx

ZHDJ_PAGE = """
query BranchMembers($id: ID!) {
  members(filter: {under: $id}, first: 20) {
    totalCount nodes { id name gender status joinDate branch { name } }
  }
}"""
POSTGRAPHILE_PAGE = """
query BranchMembers($branch: BigInt!) {
  allMembers(condition: {branchId: $branch}, orderBy: PRIMARY_KEY_ASC, first: 20) {
    totalCount nodes { id name gender status joinDate organizationByBranchId { name } } }
}"""
TRIVIAL = "{ __typename }"
BRANCHES = """
{ organizations(filter: {kinds: [BRANCH]}, first: 100) {
    nodes { id statistics { memberCount } } } }"""

# What a page answers, whoever serves it: the count, then (key, name, gender, status, join
# date, branch name) per member, in order.
Rows = tuple[int, list[tuple[Any, ...]]]


@dataclass(frozen=True, slots=True)
class Call:
    """One request as the load generator sends it, again and again."""

    method: str
    path: str
    body: str = ""
    signed_in: bool = False


@dataclass(frozen=True, slots=True)
class Baseline:
    """A server's page and its `{ __typename }` (or what stands for it), and how to read the
    page's answer into `Rows`."""

    name: str
    page: Call
    trivial: Call

    def rows(self, answer: dict[str, Any]) -> Rows:
        data = answer["data"]
        if self.name == "postgraphile":
            found = data["allMembers"]
            return found["totalCount"], [
                (int(n["id"]), n["name"], n["gender"].upper(), n["status"].upper(),
                 n["joinDate"], n["organizationByBranchId"]["name"])
                for n in found["nodes"]
            ]  # fmt: skip
        found = data["members"]
        return found["totalCount"], [
            (relay_key(n["id"]), n["name"], n["gender"], n["status"], n["joinDate"],
             n["branch"]["name"])
            for n in found["nodes"]
        ]  # fmt: skip


def relay_key(global_id: str | int) -> int:
    """The key in a Relay global id (base64 of `Type:key`); the floor sends the key itself."""
    if isinstance(global_id, int):
        return global_id
    return int(base64.b64decode(global_id).decode().rpartition(":")[2])


def graphql(document: str, *, signed_in: bool = False, **variables: Any) -> Call:
    body = {"query": document} | ({"variables": variables} if variables else {})
    return Call("POST", "/graphql", json.dumps(body, ensure_ascii=False), signed_in)


def baselines(branch: str) -> list[Baseline]:
    """The three servers' calls for the branch with global id `branch`, zhdj first."""
    key = relay_key(branch)
    return [
        Baseline("zhdj", graphql(ZHDJ_PAGE, signed_in=True, id=branch), graphql(TRIVIAL)),
        Baseline("floor", Call("GET", f"/members?branch={key}"), Call("GET", "/hello")),
        Baseline("postgraphile", graphql(POSTGRAPHILE_PAGE, branch=str(key)), graphql(TRIVIAL)),
    ]


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


async def fullest_branch(client: httpx.AsyncClient, zhdj_url: str, token: str) -> str:
    """The global id of the branch with the most members among the first 100 the account sees."""
    answer = await send(client, zhdj_url, graphql(BRANCHES, signed_in=True), token)
    nodes = answer["data"]["organizations"]["nodes"]
    if not nodes:
        raise RuntimeError("the account sees no branch: seed the demo city (server.py seed)")
    best = max(nodes, key=lambda node: node["statistics"]["memberCount"])
    return str(best["id"])


async def check_identical(
    client: httpx.AsyncClient, urls: dict[str, str], calls: list[Baseline], token: str
) -> Rows:
    """The page's rows, the same from every server (else an error naming who differs)."""
    answers = {b.name: b.rows(await send(client, urls[b.name], b.page, token)) for b in calls}
    reference = answers[calls[0].name]
    for name, rows in answers.items():
        if rows != reference:
            raise RuntimeError(
                f"{name} answers other rows than {calls[0].name}:\n{rows}\n{reference}"
            )
    if not reference[1]:
        raise RuntimeError("the branch page is empty: seed the demo city (server.py seed)")
    return reference
