"""Relay conventions: the Node interface, opaque global IDs and cursor connections."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import Generic, TypeVar

import strawberry
from strawberry.types.nodes import SelectedField, Selection

from db.pagination import Page
from resolvers.errors import BadUserInput
from resolvers.pagination import encode_cursor
from resolvers.validation import parse_key

NodeType = TypeVar("NodeType")
Row = TypeVar("Row")


# base64.urlsafe_b64encode's own steps (b2a_base64, then "+/" -> "-_"), without its two Python
# calls: an ID is encoded per listed row.
_URLSAFE = bytes.maketrans(b"+/", b"-_")


def to_global_id(type_name: str, key: int) -> strawberry.ID:
    """The urlsafe base64 of "type_name:key"."""
    encoded = binascii.b2a_base64(f"{type_name}:{key}".encode(), newline=False)
    return strawberry.ID(encoded.translate(_URLSAFE).decode())


def from_global_id(global_id: str, *, field: str = "id") -> tuple[str, int]:
    """(type name, database key), or BAD_USER_INPUT naming `field`: a key the database cannot
    hold (negative, zero, past 2^63 - 1) is no ID of ours."""
    try:
        text = base64.urlsafe_b64decode(global_id.encode()).decode()
        type_name, _, key = text.partition(":")
        return type_name, parse_key(key)
    except (ValueError, binascii.Error, UnicodeError):
        raise BadUserInput(
            f"`{field}` is not a zhdj ID; use the `id` value of an object you received.",
            field=field,
        ) from None


def expect_global_id(global_id: str, type_name: str, *, field: str) -> int:
    """The key of a global ID that must name a `type_name`."""
    found, key = from_global_id(global_id, field=field)
    if found != type_name:
        raise BadUserInput(
            f"`{field}` must be the id of a {type_name}, but names a {found or 'nothing'}.",
            field=field,
        )
    return key


INPUT = strawberry.argument(
    description="输入参数 The mutation's input; see its type for each field."
)


@strawberry.interface(description="节点 An object with a globally unique, opaque ID (Relay).")
class Node:
    id: strawberry.ID = strawberry.field(
        description="全局标识 Opaque global identifier; pass it to `node(id:)` to fetch the object "
        "again."
    )


@strawberry.type(description="分页信息 Where a page sits in its list (Relay).")
class PageInfo:
    has_next_page: bool = strawberry.field(
        description="有下一页 Whether more items follow this page (precise when paging forwards; "
        "when paging backwards, true if `before` was given)."
    )
    has_previous_page: bool = strawberry.field(
        description="有上一页 Whether items precede this page (precise when paging backwards; "
        "when paging forwards, true if `after` was given)."
    )
    start_cursor: str | None = strawberry.field(description="首项游标 Cursor of the first item.")
    end_cursor: str | None = strawberry.field(description="末项游标 Cursor of the last item.")


@strawberry.type(description="列表项 One item of a connection and its cursor.")
class Edge(Generic[NodeType]):
    node: NodeType = strawberry.field(description="条目 The item.")
    cursor: str = strawberry.field(description="游标 Pass as `after`/`before` to page from here.")


@strawberry.type(
    description="分页列表 A page of a list, with cursors for the pages around it (Relay)."
)
class Connection(Generic[NodeType]):
    """Cursors are encoded when asked for: list pages mostly ask for `nodes` and `pageInfo`,
    and a page's edges would cost twenty cursors and twenty objects per request."""

    items: strawberry.Private[list[NodeType]]
    keys: strawberry.Private[Sequence[int]]
    page_info: PageInfo = strawberry.field(description="分页信息 Where this page sits in the list.")
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="列表项 The items with their cursors.")
    def edges(self) -> list[Edge[NodeType]]:
        return [
            Edge(node=item, cursor=encode_cursor(key))
            for item, key in zip(self.items, self.keys, strict=True)
        ]

    @strawberry.field(description="本页条目 The items of this page, without cursors.")
    def nodes(self) -> list[NodeType]:
        return self.items

    @strawberry.field(description="总数 How many items the whole list holds, across all pages.")
    async def total_count(self) -> int:
        return await self.count()


_COUNT_ONLY = frozenset({"totalCount", "__typename"})


def rows_selected(info: strawberry.Info) -> bool:
    """Whether the connection field being resolved selects anything of its page (edges,
    nodes, pageInfo), or only `totalCount`: a count-only request reads no page."""
    fields = info.selected_fields
    return any(
        name not in _COUNT_ONLY for field in fields for name in _field_names(field.selections)
    )


def _field_names(selections: Sequence[Selection]) -> Iterator[str]:
    # At module level, not nested: a nested recursive function is a reference cycle per call.
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection.name
        else:  # a fragment: its fields
            yield from _field_names(selection.selections)


def build_connection(
    page: Page[Row],
    convert: Callable[[Row], NodeType],
    count: Callable[[], Awaitable[int]],
) -> Connection[NodeType]:
    keys = page.keys
    return Connection(
        items=[convert(row) for row in page.rows],
        keys=keys,
        page_info=PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=encode_cursor(keys[0]) if keys else None,
            end_cursor=encode_cursor(keys[-1]) if keys else None,
        ),
        count=count,
    )


PAGE_ARGUMENTS = {
    "first": "前n条 Return the first n items after `after` (default 20, at most 100).",
    "after": "起始游标 Start after this cursor.",
    "last": "后n条 Return the last n items before `before` (at most 100).",
    "before": "结束游标 End before this cursor.",
}


def page_argument(name: str) -> object:
    """The description of a connection's `first`, `after`, `last` or `before` argument."""
    return strawberry.argument(description=PAGE_ARGUMENTS[name])
