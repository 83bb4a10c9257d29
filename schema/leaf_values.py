"""Leaf values serialised without graphql-core's calls, and lists of leaves in one call.

Serialising a leaf is a Python call or several even when the value is its own answer: Int's
`serialize_int` checks the value's type twice and its range in another function before
answering the int it was given; an enum member is named through the enum type. A `Shortcut`
says which values need none of that (a str for String or ID, a bool for Boolean, an int in
Int's 32 bits, a finite float, an enum member by its `_name_` or its id), for the executor's
plain fields (schema/plain_fields.py) and for lists of leaves.

graphql-core completes a list of leaves as it completes a list of objects: for every item an
awaitable check, a path, `complete_list_item_value` and `complete_value` twice (non-null,
then the leaf), about eight Python calls an item beside the serialisation itself. A
volunteer's skills or an API key's permissions need none of that. `LeafItems.serialised`
answers the whole list, or answers None as soon as an item would not be answered plainly (a
null where the item is non-null, a value the type refuses or serialises to null, an
exception or awaitable item, something other than a list or tuple): the list then takes
graphql-core's way from the start, so its errors, their paths and the nulls they bubble are
graphql-core's own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from graphql import (
    GraphQLEnumType,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLOutputType,
    is_leaf_type,
)
from graphql.pyutils import Undefined
from graphql.type.scalars import (
    GRAPHQL_MAX_INT,
    GRAPHQL_MIN_INT,
    serialize_boolean,
    serialize_float,
    serialize_id,
    serialize_int,
    serialize_string,
)
from strawberry.execution.is_awaitable import optimized_is_awaitable
from strawberry.schema.schema_converter import CustomGraphQLEnumType

LEAF_ITEMS = "zhdj-leaf-items"  # GraphQLField.extensions key: the `LeafItems` of its list
_UNCHANGED: dict[Callable[[Any], Any], type] = {
    serialize_string: str,
    serialize_id: str,
    serialize_boolean: bool,
}
_INFINITY = float("inf")
_WITHIN: dict[Callable[[Any], Any], tuple[type, float, float]] = {
    serialize_int: (int, GRAPHQL_MIN_INT - 1, GRAPHQL_MAX_INT + 1),
    serialize_float: (float, -_INFINITY, _INFINITY),  # finite: not infinite, not NaN
}


class Shortcut(NamedTuple):
    """Which values of a leaf type are answered without a call: one of type `unchanged` is its
    own serialisation; one of type `within[0]` strictly between the bounds that follow is
    too; a member of the enum class `members` is named by its `_name_` (when every member's
    is its GraphQL name), a member of an enum by its id in `names` (members live as long as
    their enum, so no other object has their id; `Enum.__hash__` is a Python call)."""

    unchanged: type | None
    within: tuple[type, float, float] | None
    members: type | None
    names: Mapping[int, str] | None


def shortcut(leaf: GraphQLLeafType, names: Mapping[str, Mapping[int, str]]) -> Shortcut:
    """`leaf`'s shortcut; `names` the schema's enum names by member id, by enum name, whose
    types serialise by them (schema/plain_fields.py)."""
    serialize = getattr(leaf, "coerce_output_value", None)
    enum_names = names.get(leaf.name) if isinstance(leaf, GraphQLEnumType) else None
    return Shortcut(
        _UNCHANGED.get(serialize),  # type: ignore[arg-type]
        _WITHIN.get(serialize),  # type: ignore[arg-type]
        _named_by_name(leaf) if enum_names is not None else None,
        enum_names,
    )


def _named_by_name(leaf: GraphQLLeafType) -> type | None:
    """The enum class whose members are each named by their `_name_`, if `leaf` is one."""
    if not isinstance(leaf, CustomGraphQLEnumType):
        return None
    members = leaf.wrapped_cls
    values = leaf.values.items()
    by_name = all(members(value.value)._name_ == name for name, value in values)
    return members if by_name and len(values) == len(members) else None


@dataclass(frozen=True, slots=True)
class LeafItems:
    """How a list's leaf items serialise: their type, whether they are non-null, and the
    type's `Shortcut`."""

    leaf: GraphQLLeafType
    non_null: bool
    unchanged: type | None
    within: tuple[type, float, float] | None
    members: type | None
    names: Mapping[int, str] | None

    def serialised(self, value: Any) -> list[Any] | None:
        """The list `value` serialised item by item, or None if graphql-core is to answer it."""
        if type(value) is not list and type(value) is not tuple:
            return None
        unchanged, within, members, names = self.unchanged, self.within, self.members, self.names
        answer: list[Any] = []
        for item in value:
            kind = type(item)
            if kind is unchanged:
                answer.append(item)
                continue
            if kind is members:
                answer.append(item._name_)
                continue
            if within is not None and kind is within[0] and within[1] < item < within[2]:
                answer.append(item)
                continue
            if names is not None and (name := names.get(id(item))) is not None:
                answer.append(name)
                continue
            if item is None or item is Undefined:
                if self.non_null:
                    return None
                answer.append(None)
                continue
            if isinstance(item, Exception) or optimized_is_awaitable(item):
                return None
            try:
                coerced = self.leaf.coerce_output_value(item)
            except Exception:
                return None
            if coerced is None or coerced is Undefined:
                return None
            answer.append(coerced)
        return answer


def leaf_items(
    graphql_type: GraphQLOutputType, names: Mapping[str, Mapping[int, str]]
) -> LeafItems | None:
    """How the items of `graphql_type` serialise, if it is a list (or a non-null list) of
    leaves; `names` the schema's enum names by member id, by enum name."""
    if isinstance(graphql_type, GraphQLNonNull):
        graphql_type = graphql_type.of_type
    if not isinstance(graphql_type, GraphQLList):
        return None
    item_type = graphql_type.of_type
    non_null = isinstance(item_type, GraphQLNonNull)
    if non_null:
        item_type = item_type.of_type
    if not is_leaf_type(item_type):
        return None
    return LeafItems(item_type, non_null, *shortcut(item_type, names))
