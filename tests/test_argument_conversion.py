"""Every argument of the served schema converts as Strawberry's generic conversion does."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
import strawberry
from graphql import (
    GraphQLArgument,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
)
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.arguments import InputContext, convert_arguments
from strawberry.types.field import StrawberryField

from schema.argument_conversion import ArgumentConversion, converted
from transport.schema import build_schema

SCHEMA = build_schema()
CONVERSION = ArgumentConversion(SCHEMA.config, SCHEMA.schema_converter.scalar_registry)
_leaves = itertools.count()


def _sample(kind: GraphQLInputType, depth: int, *, full: bool) -> Any:
    """A coerced value of `kind`: every field set (`full`) or only the required ones, leaves
    distinct strings (a leaf is passed through whatever it is), nested inputs to `depth`."""
    if isinstance(kind, GraphQLNonNull):
        return _sample(kind.of_type, depth, full=full)
    if isinstance(kind, GraphQLList):
        return [_sample(kind.of_type, depth, full=full) for _ in range(2)]
    if isinstance(kind, GraphQLInputObjectType):
        if depth == 0:
            return None
        return {
            name: _sample(field.type, depth - 1, full=full)
            for name, field in kind.fields.items()
            if full or isinstance(field.type, GraphQLNonNull)
        }
    return f"leaf-{next(_leaves)}"


def _arguments() -> Iterator[tuple[str, StrawberryField, str, GraphQLArgument]]:
    for graphql_type in SCHEMA._schema.type_map.values():
        if isinstance(graphql_type, GraphQLObjectType):
            for field_name, field in graphql_type.fields.items():
                definition = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
                if isinstance(definition, StrawberryField):
                    for name, argument in field.args.items():
                        yield f"{graphql_type.name}.{field_name}", definition, name, argument


ARGUMENTS = list(_arguments())


def test_the_schema_has_input_arguments_to_check() -> None:
    inputs = {
        argument.type
        for *_, argument in ARGUMENTS
        if isinstance(getattr(argument.type, "of_type", argument.type), GraphQLInputObjectType)
    }
    assert len(inputs) > 20


@pytest.mark.parametrize("full", [True, False], ids=["every-field", "required-fields"])
def test_every_argument_converts_as_strawberry_converts_it(full: bool) -> None:
    for where, definition, name, argument in ARGUMENTS:
        # given a coerced value of the argument, and a null
        for value in (_sample(argument.type, 4, full=full), None):
            args = {name: value}
            # when it is converted by the field's plan and by Strawberry
            plan, _ = CONVERSION.plan(definition.arguments)
            ours = converted(plan, args, None)
            theirs = convert_arguments(
                args,
                definition.arguments,
                scalar_registry=SCHEMA.schema_converter.scalar_registry,
                config=SCHEMA.config,
                info=None,
            )
            # then both are the same
            assert ours == theirs, where


def test_an_omitted_argument_stays_omitted() -> None:
    where, definition, *_ = next(item for item in ARGUMENTS if item[1].arguments)
    plan, _ = CONVERSION.plan(definition.arguments)
    assert converted(plan, {}, None) == {}, where


def test_a_list_of_leaves_is_a_copy() -> None:
    # given an argument that is a list of leaves (graphql-core shares its default per request)
    @strawberry.type(description="Root.")
    class Query:
        @strawberry.field(description="Echo.")  # type: ignore[untyped-decorator]
        def echo(self, words: list[str]) -> int:
            return len(words)

    schema = strawberry.Schema(query=Query)
    definition = schema._schema.query_type.fields["echo"].extensions[  # type: ignore[union-attr]
        GraphQLCoreConverter.DEFINITION_BACKREF
    ]
    plan, hands_info = ArgumentConversion(
        schema.config, schema.schema_converter.scalar_registry
    ).plan(definition.arguments)
    words = ["a", "b"]
    # when it is converted
    kwargs = converted(plan, {"words": words}, None)
    # then it is an equal list, not the same one, and needs no Info
    assert kwargs == {"words": words}
    assert kwargs["words"] is not words
    assert not hands_info


@strawberry.input(description="Builds itself.")
class Built:
    text: str = strawberry.field(description="Text.")


def _build(kind: type, value: Any, context: InputContext) -> Any:
    return kind(text=f"{value['text']}@{'.'.join(map(str, context.path))}")


strawberry.types.base.get_object_definition(Built, strict=True).from_input = _build


@strawberry.input(description="Holds inputs.")
class Holder:
    built: list[Built] = strawberry.field(description="Built by themselves.")
    inner: Holder | None = strawberry.field(default=None, description="Itself.")


def test_inputs_that_build_themselves_get_their_place_and_the_info() -> None:
    # given an argument holding inputs with their own `from_input`, nested in itself
    @strawberry.type(description="Root.")
    class Query:
        @strawberry.field(description="Echo.")  # type: ignore[untyped-decorator]
        def echo(self, holder: Holder) -> int:
            return 0

    schema = strawberry.Schema(query=Query)
    definition = schema._schema.query_type.fields["echo"].extensions[  # type: ignore[union-attr]
        GraphQLCoreConverter.DEFINITION_BACKREF
    ]
    plan, hands_info = ArgumentConversion(
        schema.config, schema.schema_converter.scalar_registry
    ).plan(definition.arguments)
    args = {"holder": {"built": [{"text": "a"}], "inner": {"built": [{"text": "b"}]}}}
    # when it is converted
    ours = converted(plan, args, None)
    # then it is what Strawberry builds, each built input knowing its place
    theirs = convert_arguments(
        args, definition.arguments, schema.schema_converter.scalar_registry, schema.config, None
    )
    assert ours == theirs
    assert ours["holder"].inner.built[0].text == "b@holder.inner.built.0"
    assert hands_info
