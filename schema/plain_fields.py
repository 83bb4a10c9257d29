"""Leaf fields that are plain attributes, answered without Strawberry's per-field machinery.

Most fields of a page are scalars or enums read straight off an object (a member's name, a
petition's status). graphql-core would still build a resolve-info object for each, call
Strawberry's default resolver through two wrappers, and Strawberry would name an enum result
by scanning every value of the enum. On a page of twenty members that was most of the
request's CPU. At build time each such field is marked with the attribute to read and its
type; `schema.execution.PlainFieldsExecutor` reads and serialises it directly, and whatever
does not go the plain way (a null, a value the type refuses) goes through graphql-core as
before, so errors are the same. Enum types name their members by one dict lookup.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from graphql import (
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    is_leaf_type,
)
from strawberry.schema.schema_converter import CustomGraphQLEnumType, GraphQLCoreConverter
from strawberry.types.field import StrawberryField

from schema.leaf_values import LEAF_ITEMS, LeafItems, leaf_items, shortcut

PLAIN = "zhdj-plain-attribute"  # GraphQLField.extensions key: the field's `Plain`


@dataclass(frozen=True, slots=True)
class Plain:
    """How a plain field is read: the attribute, how a value is serialised and whether it is
    non-null. A value its leaf type's `Shortcut` (schema/leaf_values.py) answers is answered
    so; any other value is serialised by `coerce` (a leaf's own; for a list of leaves, its
    items', which answers None for a list graphql-core is to complete)."""

    attribute: str
    coerce: Callable[[Any], Any]
    non_null: bool
    unchanged: type | None
    within: tuple[type, float, float] | None
    members: type | None
    names: Mapping[int, str] | None


_DIRECT = "_zhdj_direct"
F = TypeVar("F", bound=Callable[..., Any])


def direct(resolver: F) -> F:
    """Let graphql-core call this resolver itself, without Strawberry's wrapper around it
    (an Info object, argument conversion and an extension chain, on every item of a list).

    Only for resolvers of no arguments that read nothing of `info` but `info.context`:
    graphql-core's own resolve info is what they get.
    """
    setattr(resolver, _DIRECT, True)
    return resolver


def _direct_resolver(resolver: Callable[..., Any]) -> Callable[[Any, Any], Any]:
    if len(inspect.signature(resolver).parameters) == 1:  # (self)

        def resolve_without_info(source: Any, _info: Any) -> Any:
            return resolver(source)

        return resolve_without_info

    def resolve(source: Any, info: Any) -> Any:
        return resolver(source, info)

    return resolve


def _names(enum_type: CustomGraphQLEnumType) -> dict[int, str]:
    """The enum's GraphQL names by the ids of its Python members."""
    return {
        id(enum_type.wrapped_cls(value.value)): name for name, value in enum_type.values.items()
    }


def _named(enum_type: CustomGraphQLEnumType, names: Mapping[int, str]) -> Callable[[Any], str]:
    general = enum_type.coerce_output_value

    def coerce_output_value(output_value: Any) -> str:
        name = names.get(id(output_value))
        if name is None:  # not a member: the general path
            name = general(output_value)
        return name

    return coerce_output_value


def _plain(field: Any, names: Mapping[str, Mapping[int, str]]) -> Plain | None:
    definition = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if not isinstance(definition, StrawberryField) or not definition.is_basic_field:
        return None
    if field.args or definition.permission_classes:
        return None
    graphql_type, non_null = field.type, isinstance(field.type, GraphQLNonNull)
    if non_null:
        graphql_type = graphql_type.of_type
    items = field.extensions.get(LEAF_ITEMS)
    if isinstance(items, LeafItems):
        return Plain(definition.python_name, items.serialised, non_null, None, None, None, None)
    if not is_leaf_type(graphql_type):
        return None
    return Plain(
        definition.python_name,
        graphql_type.coerce_output_value,
        non_null,
        *shortcut(graphql_type, names),
    )


def mark_plain_fields(schema: GraphQLSchema) -> None:
    """Mark every leaf field (and list of leaves) read straight off its object, every list of
    leaves with how its items serialise, hand `direct` resolvers to
    graphql-core as they are, and name enum members directly."""
    names: dict[str, Mapping[int, str]] = {}
    for graphql_type in schema.type_map.values():
        if isinstance(graphql_type, CustomGraphQLEnumType):
            names[graphql_type.name] = _names(graphql_type)
            named = _named(graphql_type, names[graphql_type.name])
            graphql_type.coerce_output_value = named  # type: ignore[method-assign,assignment]
            graphql_type.serialize = named  # type: ignore[method-assign,assignment]
    for graphql_type in schema.type_map.values():
        if isinstance(graphql_type, GraphQLObjectType) and not graphql_type.name.startswith("__"):
            for name, field in graphql_type.fields.items():
                items = leaf_items(field.type, names)
                if items is not None:
                    field.extensions = {**field.extensions, LEAF_ITEMS: items}
                plain = _plain(field, names)
                if plain is not None:
                    field.extensions = {**field.extensions, PLAIN: plain}
                definition = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
                resolver = getattr(definition, "base_resolver", None)
                if resolver is not None and getattr(resolver.wrapped_func, _DIRECT, False):
                    assert not field.args, f"{graphql_type.name}.{name} takes arguments"
                    field.resolve = _direct_resolver(resolver.wrapped_func)
