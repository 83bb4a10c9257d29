"""Fields with resolvers answer through the plain executor (and lean resolvers) as through
graphql-core's and Strawberry's own."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any, ClassVar

import pytest
import strawberry
from graphql import ExecutionResult, parse
from graphql.pyutils import AbortController
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types import Info

from schema.execution import PlainFieldsExecutor
from schema.lean_resolvers import lean_resolvers
from schema.plain_fields import direct, mark_plain_fields


@strawberry.type(description="An item.")
class Item:
    name: str = strawberry.field(description="Its name.")

    @strawberry.field(description="Its arguments, said back.")  # type: ignore[untyped-decorator]
    def greet(self, times: int, words: Words, mark: str = "!") -> str:
        words.words.append(self.name)  # the item's own copy: nothing leaks to the next item
        return " ".join(words.words * times) + mark

    @strawberry.field(description="Fails for the item named boom.")  # type: ignore[untyped-decorator]
    async def checked(self) -> str | None:
        if self.name == "boom":
            raise ValueError("boom is refused")
        return self.name


@strawberry.input(description="A greeting's words.")
class Words:
    words: list[str] = strawberry.field(description="Said in turn.")


@strawberry.type(description="Root.")
class Query:
    @strawberry.field(description="Synchronously.")  # type: ignore[untyped-decorator]
    def items(self, count: int = 2) -> list[Item]:
        return [Item(name=f"item{index}") for index in range(count)] + [Item(name="boom")]

    @strawberry.field(description="Asynchronously.")  # type: ignore[untyped-decorator]
    async def later(self) -> list[Item | None]:
        return [Item(name="a"), None, Item(name="boom")]

    @strawberry.field(description="Null where it may not be.")  # type: ignore[untyped-decorator]
    def missing(self) -> str:
        return None  # type: ignore[return-value]

    @strawberry.field(description="Raises.")  # type: ignore[untyped-decorator]
    def raising(self) -> int | None:
        raise RuntimeError("raised")

    @strawberry.field(description="A number.")  # type: ignore[untyped-decorator]
    def number(self) -> float:
        return 1.5

    @strawberry.field(description="One item.")  # type: ignore[untyped-decorator]
    def item(self) -> Item:
        return Item(name="one")

    @strawberry.field(description="Items still to be awaited, one failing.")  # type: ignore[untyped-decorator]
    def awaitables(self) -> list[Item | None]:
        async def item(name: str) -> Item:
            await asyncio.sleep(0)
            if name == "raise":
                raise ValueError("not an item")
            return Item(name=name)

        return [item("a"), item("raise"), item("boom")]  # type: ignore[list-item]


DOCUMENT = """{
    __typename
    items(count: 1) { name checked }
    later { name checked }
    raising
    number
    item { name __typename }
    again: item { checked }
}"""


async def _run(*, plain: bool, document: str, variables: dict[str, Any] | None = None) -> Any:
    schema = strawberry.Schema(
        query=Query, execution_context_class=PlainFieldsExecutor if plain else None
    )
    if plain:
        mark_plain_fields(schema._schema)
        lean_resolvers(schema)
    result = await schema.execute(document, variable_values=variables)
    return (
        result.data,
        [(error.message, error.path, error.locations) for error in result.errors or ()],
    )


async def test_answers_and_errors_are_graphql_cores() -> None:
    for document in (DOCUMENT, "{ number missing }"):
        ours = await _run(plain=True, document=document)
        assert ours == await _run(plain=False, document=document)
    assert ours == (
        None,
        [("Cannot return null for non-nullable field Query.missing.", ["missing"], ours[1][0][2])],
    )


async def test_every_listed_item_gets_the_arguments_of_its_field() -> None:
    # given a listed field with literal, variable and default arguments
    document = """query ($times: Int!) {
        items(count: 3) { greet(times: $times, words: {words: ["hi"]}) }
        later { greet(times: 1, words: {words: []}, mark: "?") }
    }"""
    for times in (1, 2):
        # when run with the plain executor and graphql-core's
        ours = await _run(plain=True, document=document, variables={"times": times})
        # then each item answers as with graphql-core's
        assert ours == await _run(plain=False, document=document, variables={"times": times})
    assert ours[0]["items"][1]["greet"] == "hi item1 hi item1!"


async def test_awaitable_list_items_answer_and_fail_as_graphql_core_s() -> None:
    # given a list of awaitable items: one fails, one has a field that fails
    document = "{ awaitables { name checked } }"
    # when it is run with the plain executor and graphql-core's
    ours = await _run(plain=True, document=document)
    # then the items answer and fail as with graphql-core's, each at its own place
    assert ours == await _run(plain=False, document=document)
    assert ours[0] == {
        "awaitables": [{"name": "a", "checked": "a"}, None, {"name": "boom", "checked": None}]
    }


class _Abortable(PlainFieldsExecutor):
    """Counts the awaited fields that take graphql-core's abortable way."""

    abortable: ClassVar[list[str]] = []

    def complete_awaitable_value(self, *args: Any) -> Any:
        self.abortable.append(args[2].field_name)
        return super().complete_awaitable_value(*args)


async def test_with_an_abort_signal_awaited_fields_stay_abortable() -> None:
    # given the plain executor built with an abort signal
    schema = strawberry.Schema(query=Query)
    mark_plain_fields(schema._schema)
    lean_resolvers(schema)
    _Abortable.abortable = []
    executor = _Abortable.build(
        schema._schema, parse("{ later { name } }"), abort_signal=AbortController().signal
    )
    assert isinstance(executor, _Abortable)
    # when it runs an awaited field
    result = executor.execute_operation()
    assert isinstance(result, Awaitable)
    answer = await result
    assert isinstance(answer, ExecutionResult)
    # then the field was awaited through graphql-core's abortable way, and answered
    assert _Abortable.abortable == ["later"]
    assert answer.data == {"later": [{"name": "a"}, None, {"name": "boom"}]}


class _Kept(PlainFieldsExecutor):
    """Keeps itself, to build a resolve info its own way afterwards."""

    kept: ClassVar[list[PlainFieldsExecutor]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kept.append(self)


class _OwnInfo(PlainFieldsExecutor):
    """Builds its resolve infos its own way (here: Strawberry's, through the method)."""

    def build_resolve_info(self, *args: Any) -> Any:
        return super().build_resolve_info(*args)


@pytest.mark.parametrize("executor_class", [_Kept, _OwnInfo], ids=["inline", "subclass"])
async def test_a_resolver_s_info_is_the_one_strawberry_builds(
    executor_class: type[PlainFieldsExecutor],
) -> None:
    # given a direct resolver that keeps its info, run by the plain executor
    seen: list[Any] = []

    @strawberry.type(description="Root.")
    class Root:
        @strawberry.field(description="Keeps its info.")  # type: ignore[untyped-decorator]
        @direct
        def kept(self, info: Info) -> str:
            seen.append(info)
            return "kept"

        @strawberry.field(description="Says its argument back.")  # type: ignore[untyped-decorator]
        def echo(self, n: int) -> int:
            return n

    schema = strawberry.Schema(query=Root, execution_context_class=executor_class)
    mark_plain_fields(schema._schema)
    _Kept.kept = []
    # when the field is asked for with variables and a context
    result = await schema.execute(
        "query ($a: Int!) { kept again: kept echo(n: $a) }",
        variable_values={"a": 1},
        context_value={"c": 1},
    )
    # then each info is the one Strawberry's build_resolve_info gives for the field
    assert result.errors is None
    executor = _Kept.kept[0] if _Kept.kept else None
    for info in seen:
        if executor is not None:
            built = StrawberryGraphQLCoreExecutionContext.build_resolve_info(
                executor, schema._schema.query_type.fields["kept"], info.field_nodes,  # type: ignore[union-attr]
                info.parent_type, info.path,
            )  # fmt: skip
            assert type(info) is type(built)
            assert info == built
        assert info.context == {"c": 1}
        assert info.variable_values == {"a": 1}
    assert [info.path.key for info in seen] == ["kept", "again"]
