"""Lists of leaves (`[String!]!`, `[Status!]`) serialised in one call, not item by item.

graphql-core completes a list of leaves as it completes a list of objects: for every item an
awaitable check, a path, `complete_list_item_value` and `complete_value` twice (non-null,
then the leaf), about eight Python calls an item beside the serialisation itself. A
volunteer's skills or an API key's permissions need none of that: each item is a str (its
own serialisation), an enum member (named by one lookup of its id) or a value its type
serialises. `LeafItems.serialised` answers the whole list so, or answers None as soon as an
item would not be answered plainly (a null where the item is non-null, a value the type
refuses or serialises to null, an exception or awaitable item, something other than a list
or tuple): the list then takes graphql-core's way from the start, so its errors, their paths
and the nulls they bubble are graphql-core's own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLLeafType, GraphQLList, GraphQLNonNull, GraphQLOutputType, is_leaf_type
from graphql.pyutils import Undefined
from graphql.type.scalars import serialize_boolean, serialize_id, serialize_string
from strawberry.execution.is_awaitable import optimized_is_awaitable

LEAF_ITEMS = "zhdj-leaf-items"  # GraphQLField.extensions key: the `LeafItems` of its list
_UNCHANGED: dict[Callable[[Any], Any], type] = {
    serialize_string: str,
    serialize_id: str,
    serialize_boolean: bool,
}


def unchanged_type(leaf: GraphQLLeafType) -> type | None:
    """The type whose values are their own serialisation as `leaf` (a str for String or ID, a
    bool for Boolean), if any."""
    return _UNCHANGED.get(getattr(leaf, "coerce_output_value", None))  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class LeafItems:
    """How a list's leaf items serialise: their type, whether they are non-null, the type of
    values that are their own serialisation and, for an enum, its names by member id."""

    leaf: GraphQLLeafType
    non_null: bool
    unchanged: type | None
    names: Mapping[int, str] | None

    def serialised(self, value: Any) -> list[Any] | None:
        """The list `value` serialised item by item, or None if graphql-core is to answer it."""
        if type(value) is not list and type(value) is not tuple:
            return None
        unchanged, names = self.unchanged, self.names
        answer: list[Any] = []
        for item in value:
            if type(item) is unchanged:
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
    return LeafItems(item_type, non_null, unchanged_type(item_type), names.get(item_type.name))
