"""Plain leaf fields answer as Strawberry would, errors included; `direct` resolvers run."""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, ClassVar, Generic, TypeVar

import pytest
import strawberry
from graphql import ExecutionResult, GraphQLNonNull, parse
from strawberry.extensions import SchemaExtension
from strawberry.types import Info

from schema.execution import PlainFieldsExecutor
from schema.field_plans import object_of
from schema.plain_fields import PLAIN, direct, mark_plain_fields
from transport.metrics import Metrics
from transport.schema import build_schema

DOCUMENT = "{ found { name colour count label loaded } }"
T = TypeVar("T")


@strawberry.enum(description="A colour.")
class Colour(enum.Enum):
    RED = "red"
    DARK_BLUE = "dark_blue"


@direct
def _loaded(root: Thing, info: Info) -> Awaitable[str]:
    async def load() -> str:
        return f"{info.context['prefix']}{root.name}"

    return load()


@strawberry.type(description="A thing.")
class Thing:
    name: str = strawberry.field(description="Never null.")
    colour: Colour = strawberry.field(description="An enum.")
    count: int = strawberry.field(description="An integer.")
    label: str | None = strawberry.field(description="May be null.")
    loaded: str = strawberry.field(
        resolver=_loaded, graphql_type=str, description="Through the context."
    )


def _schema(
    thing: Thing, *, plain: bool, extensions: tuple[type[SchemaExtension], ...] = ()
) -> strawberry.Schema:
    @strawberry.type(description="Root.")
    class Query:
        found: Thing = strawberry.field(resolver=lambda: thing, description="The thing.")

    schema = strawberry.Schema(
        query=Query,
        execution_context_class=PlainFieldsExecutor if plain else None,
        extensions=extensions,
    )
    if plain:
        mark_plain_fields(schema._schema)
    return schema


async def _both(thing: Thing) -> list[Any]:
    context = {"prefix": "载入:"}
    results = [
        await _schema(thing, plain=plain).execute(DOCUMENT, context_value=context)
        for plain in (False, True)
    ]
    return [
        (result.data, [(error.message, error.path) for error in result.errors or ()])
        for result in results
    ]


async def test_plain_fields_answer_what_strawberry_answers() -> None:
    # given a thing with every kind of plain field set
    thing = Thing(name="站点", colour=Colour.DARK_BLUE, count=3, label=None)
    # when it is asked for with and without the plain path
    strawberry_way, plain_way = await _both(thing)
    # then the answers are the same, enum by name, and the direct resolver saw the context
    assert plain_way == strawberry_way
    assert plain_way[0]["found"] == {
        "name": "站点",
        "colour": "DARK_BLUE",
        "count": 3,
        "label": None,
        "loaded": "载入:站点",
    }


@pytest.mark.parametrize(
    "broken",
    [
        {"name": None},  # null on a non-null field
        {"count": "three"},  # a value the type refuses
        {"colour": "purple"},  # not a member of the enum
    ],
    ids=["null", "refused", "not-a-member"],
)
async def test_a_bad_value_fails_as_it_does_without_the_plain_path(broken: dict[str, Any]) -> None:
    # given a thing with one field its type cannot answer
    values: dict[str, Any] = {"name": "站点", "colour": Colour.RED, "count": 1, "label": "x"}
    thing = Thing(**(values | broken))
    # when it is asked for both ways
    strawberry_way, plain_way = await _both(thing)
    # then both fail the same way, at the same place
    assert plain_way == strawberry_way
    assert plain_way[1]


async def test_a_value_not_of_its_scalar_s_own_type_is_serialised_as_graphql_core_does() -> None:
    # given a thing whose string field holds a number
    thing = Thing(name=7, colour=Colour.RED, count=1, label=None)  # type: ignore[arg-type]
    # when it is asked for both ways
    strawberry_way, plain_way = await _both(thing)
    # then both serialise the number as a string
    assert plain_way == strawberry_way
    assert plain_way[0]["found"]["name"] == "7"


@strawberry.interface(description="Something named.")
class Named:
    name: str = strawberry.field(description="Its name.")


@strawberry.type(description="A named thing.")
class Place(Named):
    colour: Colour = strawberry.field(description="An enum.")


@strawberry.type(description="Like a place, but not one.")
class Shade:
    name: str = strawberry.field(description="Its name.")
    colour: Colour = strawberry.field(description="An enum.")


LISTED = """{ places { name colour again: name ...Shown } }
fragment Shown on Place { colour name }"""


def _listing(
    places: list[Any], executor: type[PlainFieldsExecutor] = PlainFieldsExecutor
) -> list[strawberry.Schema]:
    @strawberry.type(description="Root.")
    class Query:
        places: list[Place] = strawberry.field(resolver=lambda: places, description="The places.")

    return [
        strawberry.Schema(
            query=Query,
            types=[Shade],
            execution_context_class=executor if plain else None,
        )
        for plain in (False, True)
    ]


async def _answers(places: list[Any]) -> list[Any]:
    schemas = _listing(places)
    for schema in schemas[1:]:
        mark_plain_fields(schema._schema)
    results = [await schema.execute(LISTED) for schema in schemas]
    return [
        (result.data, [(error.message, error.path) for error in result.errors or ()])
        for result in results
    ]


async def test_a_list_with_aliases_and_fragments_answers_what_strawberry_answers() -> None:
    # given places whose fields are selected twice, aliased and through a fragment
    places = [Place(name="站点", colour=Colour.RED), Place(name="社区", colour=Colour.DARK_BLUE)]
    # when they are listed with and without the plain path
    strawberry_way, plain_way = await _answers(places)
    # then the answers are the same, in the document's order
    assert plain_way == strawberry_way
    assert plain_way[0]["places"][1] == {"name": "社区", "colour": "DARK_BLUE", "again": "社区"}
    assert list(plain_way[0]["places"][0]) == ["name", "colour", "again"]


async def test_an_object_of_another_type_is_refused_as_it_is_without_the_plain_path() -> None:
    # given a list of places holding a shade (with a place's fields, but not a place)
    places: list[Any] = [Place(name="站点", colour=Colour.RED), Shade(name="影", colour=Colour.RED)]
    # when it is listed both ways
    strawberry_way, plain_way = await _answers(places)
    # then both refuse the shade the same way, at the same place
    assert plain_way == strawberry_way
    assert plain_way[1] == [
        ("Expected value of type 'Place' but got: <Shade instance>.", ["places", 1])
    ]


@strawberry.type(description="A page of something.")
class Listed(Generic[T]):
    items: list[T] = strawberry.field(description="The page's items.")
    total: int = strawberry.field(description="How many there are.")


async def test_a_generic_specialisation_completes_unchecked_as_graphql_core_completes_it() -> None:
    # given a page of places: an instance of the generic's class, answering as `Listed[Place]`
    page = Listed(items=[Place(name="站点", colour=Colour.RED)], total=7)

    @strawberry.type(description="Root.")
    class Query:
        page: Listed[Place] = strawberry.field(resolver=lambda: page, description="A page.")

    schemas = [
        strawberry.Schema(
            query=Query, execution_context_class=PlainFieldsExecutor if plain else None
        )
        for plain in (False, True)
    ]
    mark_plain_fields(schemas[1]._schema)
    # when it is read both ways
    results = [
        await schema.execute("{ page { total items { name colour } } }") for schema in schemas
    ]
    # then the answers are the same, and the plain way takes the generic's class for the type
    assert (
        results[1].data
        == results[0].data
        == {"page": {"total": 7, "items": [{"name": "站点", "colour": "RED"}]}}
    )
    assert results[1].errors is None
    query_type = schemas[1]._schema.query_type
    assert query_type is not None
    field_type = query_type.fields["page"].type
    assert isinstance(field_type, GraphQLNonNull)
    assert object_of(field_type) == (Listed, field_type.of_type)


@strawberry.type(description="A listed item.")
class Item:
    name: str = strawberry.field(description="Never null.")

    @strawberry.field(description="Awaited; fails for the item named boom.")  # type: ignore[untyped-decorator]
    async def later(self) -> str:
        if self.name == "boom":
            raise ValueError("boom")
        return f"later {self.name}"


async def _items_both_ways(items: list[Any], *, nullable: bool) -> list[Any]:
    @strawberry.type(description="Root.")
    class Query:
        items: list[Any] = strawberry.field(
            resolver=lambda: items,
            graphql_type=list[Item | None] if nullable else list[Item],
            description="The items.",
        )

    answers = []
    for plain in (False, True):
        schema = strawberry.Schema(
            query=Query, execution_context_class=PlainFieldsExecutor if plain else None
        )
        if plain:
            mark_plain_fields(schema._schema)
        result = await schema.execute("{ items { name later ... on Item { again: name } } }")
        errors = sorted((error.message, error.path) for error in result.errors or ())
        answers.append((result.data, errors))
    return answers


@pytest.mark.parametrize(
    ("nullable", "names"),
    [
        (True, ["a", None, "null item", "boom", "b"]),
        (False, ["a", None, "b"]),
        (False, ["a", "boom"]),
    ],
    ids=["nullable-items", "non-null-items-a-null-name", "non-null-items-an-awaited-failure"],
)
async def test_listed_items_that_fail_fail_as_they_do_without_the_plain_path(
    nullable: bool, names: list[str | None]
) -> None:
    # given items of the list's own class, one with a null name or one whose awaited field
    # fails (or a null item)
    items = [None if name == "null item" else Item(name=name) for name in names]  # type: ignore[arg-type]
    # when they are listed both ways
    strawberry_way, plain_way = await _items_both_ways(items, nullable=nullable)
    # then both answer and fail the same way, at the same places
    assert plain_way == strawberry_way
    assert plain_way[1]


async def test_listed_items_answer_their_awaited_fields_in_order() -> None:
    # given items of the list's own class with an awaited field each
    items = [Item(name="a"), Item(name="b"), Item(name="c")]
    # when they are listed both ways
    strawberry_way, plain_way = await _items_both_ways(items, nullable=False)
    # then the answers are the same, each item's own
    assert plain_way == strawberry_way
    assert plain_way[0]["items"][2] == {"name": "c", "later": "later c", "again": "c"}


class _CountingItems(PlainFieldsExecutor):
    """Counts the list items that take graphql-core's per-item completion."""

    completed_one_by_one: ClassVar[list[Any]] = []

    def complete_list_item_value(self, item: Any, *args: Any) -> bool:
        self.completed_one_by_one.append(item)
        return super().complete_list_item_value(item, *args)


async def test_only_items_not_of_the_list_s_own_class_are_completed_one_by_one() -> None:
    # given a list of places holding a shade, listed by an executor that counts
    shade = Shade(name="影", colour=Colour.RED)
    places: list[Any] = [
        Place(name="站点", colour=Colour.RED),
        shade,
        Place(name="社", colour=Colour.RED),
    ]
    _CountingItems.completed_one_by_one = []
    schema = _listing(places, _CountingItems)[1]
    mark_plain_fields(schema._schema)
    # when it is listed
    result = await schema.execute(LISTED)
    # then the places went straight to their fields, the shade through graphql-core (refused)
    assert _CountingItems.completed_one_by_one == [shade]
    assert [error.message for error in result.errors or ()] == [
        "Expected value of type 'Place' but got: <Shade instance>."
    ]


async def test_each_subscription_event_plans_its_fields_afresh() -> None:
    # given a subscription's executor that has executed one event
    @strawberry.type(description="Events.")
    class Subscription:
        @strawberry.subscription(description="One per event.")  # type: ignore[untyped-decorator]
        async def things(self) -> AsyncIterator[Thing]:
            yield Thing(name="站点", colour=Colour.RED, count=1, label=None)

    @strawberry.type(description="Root.")
    class Query:
        hello: str = strawberry.field(resolver=lambda: "hi", description="Hi.")

    schema = strawberry.Schema(query=Query, subscription=Subscription)
    mark_plain_fields(schema._schema)
    document = parse("subscription { things { name colour count } }")
    executor = PlainFieldsExecutor.build(schema._schema, document)
    assert isinstance(executor, PlainFieldsExecutor)
    thing = Thing(name="站点", colour=Colour.RED, count=1, label=None)
    first = executor.build_per_event_executor(thing)
    answered = first.execute_operation(False)
    # when the next event's executor is built
    second = executor.build_per_event_executor(thing)
    # then the first answered plainly, and the second keeps nothing of its selections
    assert isinstance(answered, ExecutionResult)
    assert answered.data == {"things": {"name": "站点", "colour": "RED", "count": 1}}
    assert isinstance(first, PlainFieldsExecutor)
    assert isinstance(second, PlainFieldsExecutor)
    assert first._plans
    assert not second._plans
    assert not executor._plans


def test_leaf_attributes_are_marked_plain_and_resolvers_are_not() -> None:
    # given the schema built with the plain path
    schema = _schema(Thing(name="a", colour=Colour.RED, count=1, label=None), plain=True)
    # when its fields are looked at
    fields = schema._schema.type_map["Thing"].fields  # type: ignore[attr-defined]
    # then the attributes are plain, the resolver is not (it is called directly instead)
    assert all(PLAIN in fields[name].extensions for name in ("name", "colour", "count", "label"))
    assert PLAIN not in fields["loaded"].extensions


class _Timed(SchemaExtension):
    """Like the served schema's extensions: hooks around the operation, none around fields."""

    def on_execute(self) -> Iterator[None]:
        yield


class _EveryField(SchemaExtension):
    """Wraps field resolution: it must see every field, plain or not."""

    seen: ClassVar[list[str]] = []

    def resolve(
        self, _next: Callable[..., Any], root: Any, info: Any, *args: Any, **kwargs: Any
    ) -> Any:
        self.seen.append(info.field_name)
        return _next(root, info, *args, **kwargs)


def _spy_on_resolvers(schema: strawberry.Schema, names: tuple[str, ...]) -> list[str]:
    """Replace the graphql-core resolvers of Thing's `names` by ones that record each call."""
    called: list[str] = []
    fields = schema._schema.type_map["Thing"].fields  # type: ignore[attr-defined]
    for name in names:
        resolve = fields[name].resolve

        def recorded(root: Any, info: Any, _name: str = name, _resolve: Any = resolve) -> Any:
            called.append(_name)
            return _resolve(root, info) if _resolve else getattr(root, info.field_name)

        fields[name].resolve = recorded
    return called


async def test_plain_fields_skip_their_resolvers_beside_an_extension_around_the_operation() -> None:
    # given the plain path and an extension that does not wrap fields (Strawberry still hands
    # graphql-core a middleware manager, an empty one)
    thing = Thing(name="站点", colour=Colour.RED, count=2, label="x")
    schema = _schema(thing, plain=True, extensions=(_Timed,))
    called = _spy_on_resolvers(schema, ("name", "colour", "count", "label"))
    # when the thing is asked for
    result = await schema.execute(DOCUMENT, context_value={"prefix": ""})
    # then it answers, and no plain field went through its resolver
    assert result.errors is None
    assert result.data == {
        "found": {"name": "站点", "colour": "RED", "count": 2, "label": "x", "loaded": "站点"}
    }
    assert called == []


async def test_an_extension_that_wraps_fields_sees_every_plain_field() -> None:
    # given the plain path and an extension with a resolve hook
    _EveryField.seen = []
    thing = Thing(name="站点", colour=Colour.RED, count=2, label=None)
    schema = _schema(thing, plain=True, extensions=(_EveryField,))
    called = _spy_on_resolvers(schema, ("name", "colour", "count", "label"))
    # when the thing is asked for
    result = await schema.execute(DOCUMENT, context_value={"prefix": ""})
    # then every field went through the extension and its resolver, as without the plain path
    assert result.errors is None
    assert sorted(_EveryField.seen) == ["colour", "count", "found", "label", "loaded", "name"]
    assert sorted(called) == ["colour", "count", "label", "name"]


@pytest.mark.parametrize("metrics", [False, True], ids=["bare", "with-metrics"])
def test_the_served_schema_keeps_the_plain_path_open(metrics: bool) -> None:
    # given the schema as served (with its metrics extension or without)
    schema = build_schema(metrics=Metrics(dict) if metrics else None)
    # when its extensions are looked at
    wrapping = [
        type(extension).__name__
        for extension in schema.get_extensions()
        if extension._implements_resolve()
    ]
    # then none wraps field resolution (one that did would close the plain path for every field)
    assert wrapping == []
