"""What the executor knows of a selection's fields before executing them, once per selection.

For each response name of a selection (schema/execution.py): its field nodes, how a plain
field is read (schema/plain_fields.py), the field, and the class whose instances complete as
its object type without a check (`object_of`), if it answers one; and one `attrgetter`
reading all the plain attributes of an object at once.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, cast

from graphql import (
    FieldNode,
    GraphQLField,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
)
from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
from graphql.execution.executor import to_nodes
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.base import StrawberryObjectDefinition

from schema.plain_fields import PLAIN, Plain

FieldPlan = tuple[
    tuple[
        str, FieldDetailsList, list[FieldNode], Plain | None, GraphQLField | None, type | None, int
    ],
    ...,
]
Reader = Callable[[Any], tuple[Any, ...]]


def field_plan(
    parent_type: GraphQLObjectType,
    fields: GroupedFieldSet,
    objects: dict[int, tuple[type, GraphQLObjectType] | None],
) -> tuple[FieldPlan, Reader | None]:
    """Each response name of a selection with its field nodes (every item's resolve info gets
    the same list), its plain reading, if it has one, its field (None for introspection's,
    which graphql-core looks up itself), for a field that is not plain, the class of the
    object type it answers, if any (never awaitable), and for a plain field, the index of its
    value in what the reader gives: with several plain fields, one call reads them all
    (`attrgetter`), not one `getattr` each."""
    plan = []
    attributes: list[str] = []
    read = 0
    for response_name, field_details_list in fields.items():
        field = parent_type.fields.get(field_details_list[0].node.name.value)
        plain = field.extensions.get(PLAIN) if field else None
        answers = None
        if field is not None and plain is None:
            key = id(field.type)
            if key not in objects:
                objects[key] = object_of(field.type)
            answers = objects[key]
        index = -1  # not plain
        if plain is not None:
            index, read = read, read + 1
            attributes.append(plain.attribute)
        nodes = to_nodes(field_details_list)
        plan.append(
            (response_name, field_details_list, nodes, plain, field, answers and answers[0], index)
        )
    reader = cast(Reader, attrgetter(*attributes)) if read > 1 else None
    return tuple(plan), reader


def object_of(return_type: GraphQLOutputType) -> tuple[type, GraphQLObjectType] | None:
    """The class whose instances complete as the object type `return_type` is (or wraps in
    non-null) without a check, and that type: the type's own Strawberry class; for a generic's
    specialisation (`Connection[Member]`, whose instances are the generic's class) without an
    `is_type_of`, the generic's class, as graphql-core completes any value of such a field
    unchecked."""
    named = return_type.of_type if isinstance(return_type, GraphQLNonNull) else return_type
    if not isinstance(named, GraphQLObjectType):
        return None
    definition = named.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if not isinstance(definition, StrawberryObjectDefinition):
        return None
    if definition.concrete_of is None:
        return definition.origin, named
    if named.is_type_of is None:
        return definition.concrete_of.origin, named
    return None
