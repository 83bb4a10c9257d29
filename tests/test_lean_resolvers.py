"""Resolvers called directly answer as through Strawberry's wrapper, errors included."""

from __future__ import annotations

import enum
from typing import Any

import strawberry
from graphql import GraphQLObjectType
from strawberry.extensions import FieldExtension
from strawberry.permission import BasePermission
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types import Info
from strawberry.types.arguments import InputContext
from strawberry.types.base import get_object_definition

from resolvers.errors import BadUserInput
from schema.lean_resolvers import lean_resolvers
from transport.schema import build_schema


@strawberry.enum(description="A colour.")
class Colour(enum.Enum):
    RED = "red"
    DARK_BLUE = "dark_blue"


@strawberry.input(description="A filter.")
class Filter:
    colours: list[Colour] = strawberry.field(description="Any of.")
    word: str | None = strawberry.field(default=None, description="Containing.")
    inner: Filter | None = strawberry.field(default=None, description="Nested.")


@strawberry.input(description="Refuses anything.")
class Refused:
    text: str = strawberry.field(description="Text.")


def _refuse(kind: type, value: Any, context: InputContext) -> Any:
    raise BadUserInput(f"`{'.'.join(map(str, context.path))}` is refused.", field="text")


get_object_definition(Refused, strict=True).from_input = _refuse


class Never(BasePermission):
    message = "Never."

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return False


class Shout(FieldExtension):
    def resolve(self, next_: Any, source: Any, info: Info, **kwargs: Any) -> Any:
        return str(next_(source, info, **kwargs)).upper()


@strawberry.type(description="A thing.")
class Thing:
    name: str = strawberry.field(description="Its name.")

    @strawberry.field(description="Its name, filtered, through self and info.")  # type: ignore[untyped-decorator]
    def shown(self, info: Info, where: Filter, times: int = 2) -> str:
        colours = ",".join(colour.value for colour in where.colours)
        inner = where.inner.colours if where.inner else None
        return f"{info.context['prefix']}{self.name}:{colours}:{where.word}:{inner}:{times}"

    @strawberry.field(description="Through the parent, asynchronously.")  # type: ignore[untyped-decorator]
    @staticmethod
    async def later(parent: strawberry.Parent[Thing], refused: Refused | None = None) -> str | None:
        return parent.name

    @strawberry.field(description="Refused outright.")  # type: ignore[untyped-decorator]
    def failing(self, refused: Refused | None = None) -> str | None:
        raise BadUserInput("`failing` always fails.", field="failing")

    @strawberry.field(description="Never allowed.", permission_classes=[Never])  # type: ignore[untyped-decorator]
    def guarded(self) -> str | None:
        return self.name

    @strawberry.field(description="Shouted.", extensions=[Shout()])  # type: ignore[untyped-decorator]
    def shouted(self) -> str:
        return self.name


@strawberry.type(description="Root.")
class Query:
    @strawberry.field(description="Things.")  # type: ignore[untyped-decorator]
    async def things(self) -> list[Thing]:
        return [Thing(name="甲"), Thing(name="乙")]


def _schema(*, lean: bool) -> strawberry.Schema:
    schema = strawberry.Schema(query=Query)
    if lean:
        lean_resolvers(schema)
    return schema


async def _both(document: str) -> list[Any]:
    results = [
        await _schema(lean=lean).execute(document, context_value={"prefix": "@"})
        for lean in (False, True)
    ]
    return [
        (
            result.data,
            [
                (error.message, error.path, error.locations, error.extensions)
                for error in result.errors or ()
            ],
        )
        for result in results
    ]


def _resolve(schema: strawberry.Schema, field: str) -> Any:
    thing = schema._schema.type_map["Thing"]
    assert isinstance(thing, GraphQLObjectType)
    return thing.fields[field].resolve


def test_only_fields_with_nothing_around_their_resolver_are_lean() -> None:
    plain, lean = _schema(lean=False), _schema(lean=True)
    for field in ("shown", "later", "failing"):
        assert _resolve(lean, field) is not _resolve(plain, field)
    for field in ("guarded", "shouted"):
        assert _resolve(lean, field).__qualname__ == _resolve(plain, field).__qualname__


async def test_arguments_self_info_and_parent_reach_the_resolver_as_through_strawberry() -> None:
    document = """{ things {
        shown(where: {colours: [RED, DARK_BLUE], word: "w", inner: {colours: [RED]}})
        again: shown(where: {colours: []}, times: 3)
        later
        guarded
        shouted
    } }"""
    strawberrys, ours = await _both(document)
    assert ours == strawberrys
    assert ours[0]["things"][0]["shown"] == "@甲:red,dark_blue:w:[<Colour.RED: 'red'>]:2"


async def test_errors_are_strawberrys_in_message_path_location_and_order() -> None:
    # given fields failing in the resolver, in an async field's argument conversion and in a
    # sync one's, beside answers
    document = """{ things {
        a: later(refused: {text: "x"})
        failing
        b: later
        c: failing(refused: {text: "y"})
    } }"""
    # when run with and without lean resolvers
    strawberrys, ours = await _both(document)
    # then the answers and the errors are the same, in the same order
    assert ours == strawberrys
    assert [(error[0], error[1]) for error in ours[1]] == [
        ("`failing` always fails.", ["things", 0, "failing"]),
        ("`refused` is refused.", ["things", 0, "c"]),
        ("`failing` always fails.", ["things", 1, "failing"]),
        ("`refused` is refused.", ["things", 1, "c"]),
        ("`refused` is refused.", ["things", 0, "a"]),  # the async field's, when awaited
        ("`refused` is refused.", ["things", 1, "a"]),
    ]


def test_every_resolver_of_the_served_schema_is_lean() -> None:
    schema = build_schema()
    for graphql_type in schema._schema.type_map.values():
        if isinstance(graphql_type, GraphQLObjectType):
            for name, field in graphql_type.fields.items():
                definition = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
                resolver = getattr(definition, "base_resolver", None)
                if resolver is not None and not definition.is_subscription:
                    where = f"{graphql_type.name}.{name}"
                    assert getattr(field.resolve, "_is_default", None) is not False, where
