"""The pages zhdj is measured on against its peers, each written three ways: zhdj's GraphQL,
the Python floor's route (bench/floor_server.py: the least statements, by hand) and
PostGraphile 4.14's GraphQL, as a partner would write each page against each server.

| page | what a partner asks |
|---|---|
| branch_members | one branch's first 20 members with their branch's name, and the count |
| member_node | one member by id: five scalar fields |
| grid_petitions | one grid's first 20 petitions with status and category name, and the count |
| filtered_petitions | the city's first 20 petitions of one category in one status, and the count |
| org_outline | a district, its first 20 children and each one's first 5 children, with counts |
| branch_meetings | one branch's first 20 meetings with their branch's name, and the count |

zhdj's filters are subtrees (`under`); PostGraphile's default schema filters by equality, so
its twin of "under a branch" (or a grid) is the rows whose branch (grid) column is that key:
the same rows wherever nothing hangs below the subject, which `check_identical` proves before
anything is measured. Each server answers in its own shape (zhdj with Relay global ids and enum
names, PostGraphile with keys as BigInt strings and the stored lower-case values, the floor
with keys and enum names); `Twin.rows` brings the three to one. Subjects are picked by SQL
(`pick_subjects`), the fullest of each kind, so every page is full and its count more than the page.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

from bench.baselines import Call, graphql, relay_key

SERVERS = ("zhdj", "floor", "postgraphile")
Reader = Callable[[dict[str, Any]], Any]


@dataclass(frozen=True, slots=True)
class Twin:
    """A page as each server is asked for it, and how each answer reads into comparable rows."""

    name: str
    calls: dict[str, Call]
    readers: dict[str, Reader]

    def rows(self, server: str, answer: dict[str, Any]) -> Any:
        return self.readers[server](answer["data"])


def _instant(text: str) -> datetime:
    """An ISO instant, whichever offset and precision the server writes it with."""
    return datetime.fromisoformat(text)


def _up(value: str) -> str:
    return value.upper()


# -- branch_members -----------------------------------------------------------------------------
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


def _members(found: dict[str, Any], branch: str) -> Any:
    return found["totalCount"], [
        (relay_key(n["id"]), n["name"], _up(n["gender"]), _up(n["status"]), n["joinDate"],
         n[branch]["name"])
        for n in found["nodes"]
    ]  # fmt: skip


# -- member_node --------------------------------------------------------------------------------
ZHDJ_MEMBER = """
query Member($id: ID!) { node(id: $id) { ... on Member { id name gender status joinDate } } }"""
POSTGRAPHILE_MEMBER = """
query Member($id: BigInt!) { memberById(id: $id) { id name gender status joinDate } }"""


def _member(n: dict[str, Any]) -> Any:
    return relay_key(n["id"]), n["name"], _up(n["gender"]), _up(n["status"]), n["joinDate"]


# -- grid_petitions and filtered_petitions ------------------------------------------------------
_PETITION = "id title status submittedAt category { name }"
_PG_PETITION = "id title status createdAt petitionCategoryByCategoryId { name }"
ZHDJ_GRID_PETITIONS = f"""
query GridPetitions($id: ID!) {{
  petitions(filter: {{under: $id}}, first: 20) {{ totalCount nodes {{ {_PETITION} }} }}
}}"""
POSTGRAPHILE_GRID_PETITIONS = f"""
query GridPetitions($grid: BigInt!) {{
  allPetitions(condition: {{gridId: $grid}}, orderBy: PRIMARY_KEY_ASC, first: 20) {{
    totalCount nodes {{ {_PG_PETITION} }} }}
}}"""
ZHDJ_FILTERED_PETITIONS = f"""
query FilteredPetitions($category: ID!, $status: PetitionStatus!) {{
  petitions(filter: {{categoryIds: [$category], statuses: [$status]}}, first: 20) {{
    totalCount nodes {{ {_PETITION} }} }}
}}"""
POSTGRAPHILE_FILTERED_PETITIONS = f"""
query FilteredPetitions($category: BigInt!, $status: String!) {{
  allPetitions(condition: {{categoryId: $category, status: $status}}, orderBy: PRIMARY_KEY_ASC,
               first: 20) {{ totalCount nodes {{ {_PG_PETITION} }} }}
}}"""


def _petitions(found: dict[str, Any], submitted: str, category: str) -> Any:
    return found["totalCount"], [
        (relay_key(n["id"]), n["title"], _up(n["status"]), _instant(n[submitted]),
         n[category]["name"])
        for n in found["nodes"]
    ]  # fmt: skip


# -- org_outline ------------------------------------------------------------------------------
ZHDJ_OUTLINE = """
query Outline($id: ID!) {
  organization(id: $id) {
    id name
    children(first: 20) {
      totalCount nodes { id name children(first: 5) { totalCount nodes { id name } } }
    }
  }
}"""
POSTGRAPHILE_OUTLINE = """
query Outline($id: BigInt!) {
  organizationById(id: $id) {
    id name
    organizationsByParentId(orderBy: PRIMARY_KEY_ASC, first: 20) {
      totalCount nodes { id name
        organizationsByParentId(orderBy: PRIMARY_KEY_ASC, first: 5) { totalCount nodes { id name } }
      }
    }
  }
}"""


def _outline(n: dict[str, Any], children: str, depth: int = 2) -> Any:
    """(key, name) of an organisation, then its children's count and their own outlines."""
    own = (relay_key(n["id"]), n["name"])
    if depth == 0:
        return own
    found = n[children]
    below = [_outline(child, children, depth - 1) for child in found["nodes"]]
    return (*own, found["totalCount"], below)


# -- branch_meetings ---------------------------------------------------------------------------
ZHDJ_MEETINGS = """
query BranchMeetings($id: ID!) {
  meetings(filter: {under: $id}, first: 20) {
    totalCount nodes { id topic startsAt status organization { name } }
  }
}"""
POSTGRAPHILE_MEETINGS = """
query BranchMeetings($branch: BigInt!) {
  allMeetings(condition: {organizationId: $branch}, orderBy: PRIMARY_KEY_ASC, first: 20) {
    totalCount nodes { id topic startsAt status organizationByOrganizationId { name } } }
}"""


def _meetings(found: dict[str, Any], branch: str) -> Any:
    return found["totalCount"], [
        (relay_key(n["id"]), n["topic"], _instant(n["startsAt"]), _up(n["status"]),
         n[branch]["name"])
        for n in found["nodes"]
    ]  # fmt: skip


# -- the subjects and the pages ---------------------------------------------------------------
SUBJECTS = {
    # the branch (no organisation below it) with the most members
    "branch": """SELECT m.branch_id FROM members m WHERE m.status <> 'transferred_out'
        AND NOT EXISTS (SELECT 1 FROM organizations c WHERE c.parent_id = m.branch_id)
        GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""",
    "member": """SELECT min(id) FROM members WHERE branch_id = (SELECT m.branch_id FROM members m
        GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1)""",
    "grid": """SELECT p.grid_id FROM petitions p WHERE p.status <> 'merged'
        AND NOT EXISTS (SELECT 1 FROM organizations c WHERE c.parent_id = p.grid_id)
        GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""",
    "category": """SELECT category_id FROM petitions WHERE status = 'closed'
        GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""",
    # the branch (no organisation below it) holding the most meetings
    "meeting_branch": """SELECT m.organization_id FROM meetings m
        WHERE NOT EXISTS (SELECT 1 FROM organizations c WHERE c.parent_id = m.organization_id)
        GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""",
    "district": """SELECT o.id FROM organizations o WHERE o.level = 'district'
        ORDER BY (SELECT count(*) FROM organizations c WHERE c.parent_id = o.id) DESC, o.id
        LIMIT 1""",
}
FILTERED_STATUS = "closed"


async def pick_subjects(database: asyncpg.Connection) -> dict[str, int]:
    """The key of each page's subject."""
    found = {name: await database.fetchval(query) for name, query in SUBJECTS.items()}
    if None in found.values():
        raise RuntimeError(f"no subject for every page ({found}): seed the demo city")
    return found


def _gid(type_name: str, key: int) -> str:
    """A Relay global id as zhdj writes it (base64 of `Type:key`): a client's convention."""
    return base64.urlsafe_b64encode(f"{type_name}:{key}".encode()).decode()


def twins(keys: dict[str, int]) -> list[Twin]:
    """The pages on these subjects, each with its three calls and readers."""
    branch, member, grid = keys["branch"], keys["member"], keys["grid"]
    category, district = keys["category"], keys["district"]
    meeting_branch = keys["meeting_branch"]
    status = FILTERED_STATUS
    org = "Organization"
    return [
        Twin(
            "branch_members",
            {"zhdj": graphql(ZHDJ_PAGE, signed_in=True, id=_gid(org, branch)),
             "floor": Call("GET", f"/members?branch={branch}"),
             "postgraphile": graphql(POSTGRAPHILE_PAGE, branch=str(branch))},
            {"zhdj": lambda d: _members(d["members"], "branch"),
             "floor": lambda d: _members(d["members"], "branch"),
             "postgraphile": lambda d: _members(d["allMembers"], "organizationByBranchId")},
        ),
        Twin(
            "member_node",
            {"zhdj": graphql(ZHDJ_MEMBER, signed_in=True, id=_gid("Member", member)),
             "floor": Call("GET", f"/member?id={member}"),
             "postgraphile": graphql(POSTGRAPHILE_MEMBER, id=str(member))},
            {"zhdj": lambda d: _member(d["node"]),
             "floor": lambda d: _member(d["node"]),
             "postgraphile": lambda d: _member(d["memberById"])},
        ),
        Twin(
            "grid_petitions",
            {"zhdj": graphql(ZHDJ_GRID_PETITIONS, signed_in=True, id=_gid(org, grid)),
             "floor": Call("GET", f"/petitions?grid={grid}"),
             "postgraphile": graphql(POSTGRAPHILE_GRID_PETITIONS, grid=str(grid))},
            _PETITION_READERS,
        ),
        Twin(
            "filtered_petitions",
            {"zhdj": graphql(ZHDJ_FILTERED_PETITIONS, signed_in=True,
                             category=_gid("PetitionCategory", category), status=status.upper()),
             "floor": Call("GET", f"/petitions?category={category}&status={status}"),
             "postgraphile": graphql(POSTGRAPHILE_FILTERED_PETITIONS, category=str(category),
                                     status=status)},
            _PETITION_READERS,
        ),
        Twin(
            "org_outline",
            {"zhdj": graphql(ZHDJ_OUTLINE, signed_in=True, id=_gid(org, district)),
             "floor": Call("GET", f"/outline?id={district}"),
             "postgraphile": graphql(POSTGRAPHILE_OUTLINE, id=str(district))},
            {"zhdj": lambda d: _outline(d["organization"], "children"),
             "floor": lambda d: _outline(d["organization"], "children"),
             "postgraphile": lambda d: _outline(d["organizationById"], "organizationsByParentId")},
        ),
        Twin(
            "branch_meetings",
            {"zhdj": graphql(ZHDJ_MEETINGS, signed_in=True, id=_gid(org, meeting_branch)),
             "floor": Call("GET", f"/meetings?branch={meeting_branch}"),
             "postgraphile": graphql(POSTGRAPHILE_MEETINGS, branch=str(meeting_branch))},
            {"zhdj": lambda d: _meetings(d["meetings"], "organization"),
             "floor": lambda d: _meetings(d["meetings"], "organization"),
             "postgraphile": lambda d: _meetings(d["allMeetings"], "organizationByOrganizationId")},
        ),
    ]  # fmt: skip


_PETITION_READERS: dict[str, Reader] = {
    "zhdj": lambda d: _petitions(d["petitions"], "submittedAt", "category"),
    "floor": lambda d: _petitions(d["petitions"], "submittedAt", "category"),
    "postgraphile": lambda d: _petitions(
        d["allPetitions"], "createdAt", "petitionCategoryByCategoryId"
    ),
}
