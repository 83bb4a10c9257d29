"""Leaf values answer and fail as graphql-core and Strawberry answer them, whether a shortcut
answers them (an Int in range, an enum member by name) or lists of them are serialised in one
call, as plain attributes or a resolver's answer."""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Iterator
from typing import Any

import pytest
import strawberry
from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLString

from schema.execution import PlainFieldsExecutor
from schema.leaf_values import LEAF_ITEMS, LeafItems, leaf_items
from schema.lean_resolvers import lean_resolvers
from schema.plain_fields import PLAIN, mark_plain_fields
from transport.schema import build_schema


@strawberry.enum(description="A colour.")
class Colour(enum.Enum):
    RED = "red"
    DARK_BLUE = "dark_blue"


@strawberry.type(description="A thing with lists of leaves.")
class Thing:
    skills: list[str] = strawberry.field(description="Non-null strings.")
    colours: list[Colour] | None = strawberry.field(description="Non-null enums, may be null.")
    counts: list[int | None] = strawberry.field(description="Nullable integers.")

    @strawberry.field(description="A resolver's list; raises for skills of `raise`.")  # type: ignore[untyped-decorator]
    def tags(self) -> list[str]:
        if self.skills == ["raise"]:
            raise ValueError("no tags")
        return self.skills

    @strawberry.field(description="An awaited resolver's list; raises without colours.")  # type: ignore[untyped-decorator]
    async def later(self) -> list[Colour]:
        await asyncio.sleep(0)
        if self.colours is None:
            raise ValueError("not later")
        return self.colours


DOCUMENT = "{ thing { skills colours counts tags later } }"


async def _both(thing: Thing, document: str = DOCUMENT) -> list[Any]:
    @strawberry.type(description="Root.")
    class Query:
        thing: Thing | None = strawberry.field(resolver=lambda: thing, description="The thing.")

    answers = []
    for plain in (False, True):
        schema = strawberry.Schema(
            query=Query, execution_context_class=PlainFieldsExecutor if plain else None
        )
        if plain:
            mark_plain_fields(schema._schema)
            lean_resolvers(schema)
        result = await schema.execute(document)
        errors = sorted((error.message, error.path) for error in result.errors or ())
        answers.append((result.data, errors))
    return answers


async def test_lists_of_leaves_answer_what_strawberry_answers() -> None:
    # given a thing with lists of strings, enums and nullable integers (a tuple among them)
    thing = Thing(skills=["摄影", "急救"], colours=(Colour.DARK_BLUE,), counts=[1, None])  # type: ignore[arg-type]
    # when it is asked for with and without the plain path
    strawberry_way, plain_way = await _both(thing)
    # then the answers are the same, enums by name
    assert plain_way == strawberry_way
    assert plain_way[0]["thing"] == {
        "skills": ["摄影", "急救"],
        "colours": ["DARK_BLUE"],
        "counts": [1, None],
        "tags": ["摄影", "急救"],
        "later": ["DARK_BLUE"],
    }


class _Failing(Exception):
    """An exception whose class is not a builtin (String would serialise it by `str`)."""


class _Items:
    """Iterable, but neither a list nor a tuple."""

    def __iter__(self) -> Iterator[str]:
        return iter(("a", "b"))


@pytest.mark.parametrize(
    "broken",
    [
        {"skills": ["a", None]},  # a null where the item is non-null: the thing is null
        {"colours": [Colour.RED, "purple"]},  # an enum value that fails to serialise
        {"counts": [1, "three"]},  # an item the type refuses, where items may be null
        {"counts": [1, 2**40]},  # an item out of Int's range
        {"skills": ["a", _Failing("raised")]},  # an exception as an item
        {"skills": "ab"},  # a string where a list is expected
        {"skills": None},  # a null list where the list is non-null
        {"colours": None},  # a null list where the list may be null
        {"skills": _Items()},  # an iterable that is not a list: graphql-core's way
        {"skills": [1.5, True]},  # values String serialises
    ],
    ids=[
        "null-item",
        "not-a-member",
        "refused-item",
        "out-of-range",
        "exception-item",
        "string",
        "null-list",
        "nullable-null-list",
        "iterable",
        "serialised",
    ],
)
async def test_a_bad_list_fails_as_it_does_without_the_plain_path(broken: dict[str, Any]) -> None:
    # given a thing with one list its type cannot answer plainly
    values: dict[str, Any] = {"skills": ["a"], "colours": [Colour.RED], "counts": [1]}
    thing = Thing(**(values | broken))
    # when it is asked for both ways
    strawberry_way, plain_way = await _both(thing, "{ thing { skills colours counts tags } }")
    # then both answer and fail the same way, at the same places
    assert plain_way == strawberry_way


async def test_an_awaitable_item_is_completed_as_graphql_core_completes_it() -> None:
    # given a list of strings holding an awaitable (a future, which both ways may await)
    item: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    item.set_result("awaited")
    thing = Thing(skills=["a", item], colours=None, counts=[])  # type: ignore[list-item]
    # when it is asked for both ways
    strawberry_way, plain_way = await _both(thing, "{ thing { skills tags } }")
    # then the awaitable is awaited as graphql-core awaits a list's items
    assert plain_way == strawberry_way
    assert plain_way[0] == {"thing": {"skills": ["a", "awaited"], "tags": ["a", "awaited"]}}


async def test_a_list_resolver_that_raises_fails_as_it_does_without_the_plain_path() -> None:
    # given list resolvers that raise, synchronously and once awaited
    thing = Thing(skills=["raise"], colours=None, counts=[])
    for field, message in (("tags", "no tags"), ("later", "not later")):
        # when each is asked for both ways
        strawberry_way, plain_way = await _both(thing, f"{{ thing {{ {field} }} }}")
        # then both fail the same way, nulling the thing
        assert plain_way == strawberry_way
        assert plain_way == ({"thing": None}, [(message, ["thing", field])])


def test_only_lists_of_leaves_have_leaf_items() -> None:
    # given list types of strings, of lists and plain strings
    strings = GraphQLNonNull(GraphQLList(GraphQLNonNull(GraphQLString)))
    # when their leaf items are asked for
    found = [
        leaf_items(kind, {})
        for kind in (strings, GraphQLList(GraphQLList(GraphQLString)), GraphQLString)
    ]
    # then only the list of strings has them: non-null str items, their own serialisation
    assert found == [LeafItems(GraphQLString, True, str, None, None, None), None, None]


def test_the_served_schema_reads_a_volunteer_s_skills_plainly() -> None:
    # given the served schema
    volunteer = build_schema()._schema.type_map["Volunteer"]
    assert isinstance(volunteer, GraphQLObjectType)
    # when its volunteers' skills are looked at
    skills = volunteer.fields["skills"].extensions
    # then they are a plain attribute, serialised as a list of leaves
    assert PLAIN in skills
    assert isinstance(skills[LEAF_ITEMS], LeafItems)


@strawberry.enum(description="Named otherwise in GraphQL.")
class Renamed(enum.Enum):
    ONE = strawberry.enum_value("one", name="FIRST")
    TWO = "two"


@strawberry.type(description="A thing with leaves answered by shortcuts.")
class Leaves:
    count: int = strawberry.field(description="An Int.")
    ratio: float | None = strawberry.field(description="A Float.")
    colour: Colour = strawberry.field(description="An enum named as in Python.")
    renamed: Renamed = strawberry.field(description="An enum named otherwise.")
    renamed_list: list[Renamed] = strawberry.field(description="A list of them.")
    counts: list[int] = strawberry.field(description="A list of Ints.")


LEAVES = "{ leaves { count ratio colour renamed renamedList counts } }"


async def _leaves_both_ways(leaves: Any) -> list[Any]:
    @strawberry.type(description="Root.")
    class Query:
        leaves: Leaves | None = strawberry.field(resolver=lambda: leaves, description="Them.")

    answers = []
    for plain in (False, True):
        schema = strawberry.Schema(
            query=Query, execution_context_class=PlainFieldsExecutor if plain else None
        )
        if plain:
            mark_plain_fields(schema._schema)
        result = await schema.execute(LEAVES)
        errors = sorted((error.message, error.path) for error in result.errors or ())
        answers.append((result.data, errors))
    return answers


_GOOD: dict[str, Any] = {
    "count": 2**31 - 1,
    "ratio": -1.5,
    "colour": Colour.DARK_BLUE,
    "renamed": Renamed.ONE,
    "renamed_list": [Renamed.ONE, Renamed.TWO],
    "counts": [-(2**31), 0],
}


async def test_leaves_answered_by_shortcuts_answer_what_strawberry_answers() -> None:
    # given leaves at the edges of their types, enums named as in Python and otherwise
    # when they are asked for both ways
    strawberry_way, plain_way = await _leaves_both_ways(Leaves(**_GOOD))
    # then the answers are the same, each enum member by its GraphQL name
    assert plain_way == strawberry_way
    assert plain_way[0]["leaves"] == {
        "count": 2**31 - 1,
        "ratio": -1.5,
        "colour": "DARK_BLUE",
        "renamed": "FIRST",
        "renamedList": ["FIRST", "TWO"],
        "counts": [-(2**31), 0],
    }


@pytest.mark.parametrize(
    "broken",
    [
        {"count": 2**31},  # past Int's 32 bits
        {"count": True},  # a bool, which Int serialises as 1
        {"count": 2.0},  # a float Int takes
        {"ratio": float("nan")},  # not finite
        {"ratio": float("inf")},
        {"ratio": 3},  # an int Float takes
        {"counts": [0, -(2**31) - 1]},
        {"renamed": Colour.RED},  # a member of another enum
    ],
    ids=["big", "bool", "float", "nan", "inf", "int", "big-item", "other-enum"],
)
async def test_leaves_outside_the_shortcuts_are_serialised_as_graphql_core_does(
    broken: dict[str, Any],
) -> None:
    # given a thing with one leaf no shortcut answers
    # when it is asked for both ways
    strawberry_way, plain_way = await _leaves_both_ways(Leaves(**(_GOOD | broken)))
    # then both answer or fail the same way, at the same place
    assert plain_way == strawberry_way


class _Unreadable(Leaves):
    """Leaves whose enum attribute cannot be read, once (a property that raises)."""

    @property
    def colour(self) -> Colour:  # type: ignore[override]
        raise AttributeError("colour")


async def test_an_attribute_that_cannot_be_read_fails_as_without_the_plain_path() -> None:
    # given leaves, one of whose attributes cannot be read
    values = {name: value for name, value in _GOOD.items() if name != "colour"}
    leaves = _Unreadable.__new__(_Unreadable)
    for name, value in values.items():
        object.__setattr__(leaves, name, value)
    # when they are asked for both ways
    strawberry_way, plain_way = await _leaves_both_ways(leaves)
    # then both fail at that field alone
    assert plain_way == strawberry_way
    assert plain_way[0] == {"leaves": None}
