"""The typical front-end pages, each two ways: its GraphQL document, and a bare function doing
the same SQL (the same statements, in the same sessions) and returning the same JSON.

The bare functions reuse the resolvers' scoped list queries and the db/ batch reads the
DataLoaders make, so the difference between the two is the GraphQL machinery alone: parsing,
validation, execution, Strawberry's types and extensions. tests/test_pages.py checks that both
answer the same data with the same statements.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from db.members.models import MemberStatus
from db.members.tallies import read_tallies
from db.organizations.queries import OrganizationRecord, organizations_by_ids
from db.pagination import Page
from db.petitions.queries import categories_by_ids
from db.stations.queries import live_by_station_ids
from resolvers.access import Permission
from resolvers.context import Context
from resolvers.errors import not_found
from resolvers.members.reads import MemberCriteria, resolve_members
from resolvers.organizations.reads import (
    resolve_children,
    resolve_organization_by_id,
    whole_list_count,
)
from resolvers.pagination import encode_cursor, page_request
from resolvers.petitions.reads import PetitionCriteria, resolve_petitions
from resolvers.stations.reads import StationCriteria, resolve_stations
from schema.relay import to_global_id

PAGE_SIZE = 20
MEMBER_STATUSES = tuple(status.name for status in MemberStatus)  # as the schema lists them
PARTY_MEMBER_KEYS = ("probationary", "full")  # memberCount: Party members only


def _party_members(by_status: dict[str, int]) -> int:
    return sum(by_status.get(key, 0) for key in PARTY_MEMBER_KEYS)


ORG_TREE = """
query OrgTree($id: ID!) {
  organization(id: $id) {
    id name
    statistics { memberCount membersByStatus { status count } }
    children(first: 20) { totalCount nodes { id name level statistics { memberCount } } }
  }
}"""
MEMBER_LIST = """
query MemberList($id: ID!) {
  members(filter: {under: $id}, first: 20) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id name gender status joinDate branch { id name } }
  }
}"""
PETITION_LIST = """
query PetitionList($id: ID!) {
  petitions(filter: {under: $id}, first: 20) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id title status submittedAt deadlineAt category { id name } }
  }
}"""
STATION_LIST = """
query StationList($id: ID!) {
  stations(filter: {under: $id}, first: 20) {
    totalCount
    nodes { id name capacity live { status occupancy queueLength } }
  }
}"""

Data = dict[str, Any]


def _org_id(key: int) -> str:
    return to_global_id("Organization", key)


def _page_info(page: Page[Any]) -> Data:
    end = encode_cursor(page.keys[-1]) if page.keys else None
    return {"hasNextPage": page.has_next_page, "endCursor": end}


def _unique(keys: Sequence[int]) -> list[int]:
    """Keys in first-seen order without repeats, as a DataLoader batches them."""
    return list(dict.fromkeys(keys))


async def _subject(context: Context, key: int) -> OrganizationRecord:
    row = await resolve_organization_by_id(context, key)
    if row is None:
        raise not_found("organization", _org_id(key), field="id")
    return row


async def _member_counts(context: Context, ids: list[int]) -> dict[int, dict[str, int]]:
    async with context.services.database.read() as connection:
        return await read_tallies(connection, ids, "status")


async def org_tree(context: Context, key: int) -> Data:
    """An organisation with its figures and its children with theirs (the tree page)."""
    root = await _subject(context, key)
    context.require(Permission.READ_STATISTICS, root.path, action="read statistics")
    request = page_request(first=PAGE_SIZE)
    (counts, (children, total)) = await asyncio.gather(
        _member_counts(context, [root.id]), resolve_children(context, root, request)
    )
    child_ids = [child.id for child in children.rows]
    child_total, child_counts = await asyncio.gather(
        (whole_list_count(children, request) or total)(),
        _member_counts(context, child_ids) if child_ids else _no_counts(),
    )
    by_status = counts[root.id]
    return {
        "organization": {
            "id": _org_id(root.id),
            "name": root.name,
            "statistics": {
                "memberCount": _party_members(by_status),
                "membersByStatus": [
                    {"status": status, "count": by_status.get(status.lower(), 0)}
                    for status in MEMBER_STATUSES
                ],
            },
            "children": {
                "totalCount": child_total,
                "nodes": [
                    {
                        "id": _org_id(child.id),
                        "name": child.name,
                        "level": child.level.name if child.level else None,
                        "statistics": {"memberCount": _party_members(child_counts[child.id])},
                    }
                    for child in children.rows
                ],
            },
        }
    }


async def _no_counts() -> dict[int, dict[str, int]]:
    return {}


async def _count_and_related(
    context: Context,
    total: Callable[[], Awaitable[int]],
    keys: Sequence[int],
    read: Callable[[AsyncConnection, Sequence[int]], Awaitable[dict[int, Any]]],
) -> tuple[int, dict[int, Any]]:
    """The list's total and one batch read for its items, at once, each in its own session
    (as GraphQL resolves totalCount and the items' fields side by side)."""

    async def related() -> dict[int, Any]:
        async with context.services.database.read() as connection:
            return await read(connection, _unique(keys))

    count, found = await asyncio.gather(total(), related())
    return count, found


async def member_list(context: Context, key: int) -> Data:
    """Twenty members of a subtree with their branches (the member list page)."""
    criteria = MemberCriteria(under=key, under_global_id=_org_id(key))
    page, total = await resolve_members(context, criteria, page_request(first=PAGE_SIZE))

    branches = [row.branch_id for row in page.rows]
    count, found = await _count_and_related(context, total, branches, organizations_by_ids)

    def branch(row_id: int) -> Data | None:
        row = found.get(row_id)
        if row is None or not context.viewer.can(Permission.READ_ORGANIZATIONS, row.path):
            return None
        return {"id": _org_id(row.id), "name": row.name}

    return {
        "members": {
            "totalCount": count,
            "pageInfo": _page_info(page),
            "nodes": [
                {
                    "id": to_global_id("Member", row.id),
                    "name": row.name,
                    "gender": row.gender.name,
                    "status": row.status.name,
                    "joinDate": row.join_date.isoformat() if row.join_date else None,
                    "branch": branch(row.branch_id),
                }
                for row in page.rows
            ],
        }
    }


async def petition_list(context: Context, key: int) -> Data:
    """Twenty petitions of a subtree with category and status (the petition list page)."""
    criteria = PetitionCriteria(under=key, under_global_id=_org_id(key))
    page, total = await resolve_petitions(context, criteria, page_request(first=PAGE_SIZE))

    categories = [row.category_id for row in page.rows]
    count, found = await _count_and_related(context, total, categories, categories_by_ids)
    return {
        "petitions": {
            "totalCount": count,
            "pageInfo": _page_info(page),
            "nodes": [
                {
                    "id": to_global_id("Petition", row.id),
                    "title": row.title,
                    "status": row.status.name,
                    "submittedAt": row.created_at.isoformat(),
                    "deadlineAt": row.deadline_at.isoformat(),
                    "category": {
                        "id": to_global_id("PetitionCategory", row.category_id),
                        "name": found[row.category_id].name,
                    },
                }
                for row in page.rows
            ],
        }
    }


async def station_list(context: Context, key: int) -> Data:
    """Twenty stations of a subtree with their live status (the station list page)."""
    criteria = StationCriteria(under=key, under_global_id=_org_id(key))
    page, total = await resolve_stations(context, criteria, page_request(first=PAGE_SIZE))

    stations = [row.id for row in page.rows]
    count, found = await _count_and_related(context, total, stations, live_by_station_ids)
    return {
        "stations": {
            "totalCount": count,
            "nodes": [
                {
                    "id": to_global_id("Station", row.id),
                    "name": row.name,
                    "capacity": row.capacity,
                    "live": {
                        "status": found[row.id].status.name,
                        "occupancy": max(found[row.id].occupancy, 0),
                        "queueLength": found[row.id].queue_length,
                    },
                }
                for row in page.rows
            ],
        }
    }


@dataclass(frozen=True, slots=True)
class FrontEndPage:
    """A page a front end shows: what it asks GraphQL, about which kind of organisation, and
    the bare function that answers the same."""

    name: str
    document: str
    level: str
    bare: Callable[[Context, int], Awaitable[Data]]


PAGES = (
    FrontEndPage("org_tree", ORG_TREE, "DISTRICT", org_tree),
    FrontEndPage("member_list", MEMBER_LIST, "COMMUNITY", member_list),
    FrontEndPage("petition_list", PETITION_LIST, "COMMUNITY", petition_list),
    FrontEndPage("station_list", STATION_LIST, "DISTRICT", station_list),
)
