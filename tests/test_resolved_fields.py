"""Fields with resolvers answer through the plain executor as through graphql-core's."""

from __future__ import annotations

from typing import Any

import strawberry

from schema.execution import PlainFieldsExecutor
from schema.plain_fields import mark_plain_fields


@strawberry.type(description="An item.")
class Item:
    name: str = strawberry.field(description="Its name.")

    @strawberry.field(description="Fails for the item named boom.")  # type: ignore[untyped-decorator]
    async def checked(self) -> str | None:
        if self.name == "boom":
            raise ValueError("boom is refused")
        return self.name


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


DOCUMENT = """{
    __typename
    items(count: 1) { name checked }
    later { name checked }
    raising
    number
    item { name __typename }
    again: item { checked }
}"""


async def _run(*, plain: bool, document: str) -> Any:
    schema = strawberry.Schema(
        query=Query, execution_context_class=PlainFieldsExecutor if plain else None
    )
    if plain:
        mark_plain_fields(schema._schema)
    result = await schema.execute(document)
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
