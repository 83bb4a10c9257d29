"""An operation's requests share what its document alone decides, and only that."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry
from graphql import DocumentNode, ExecutionResult, OperationDefinitionNode, parse

from schema import document_memos
from schema.document_memos import document_memo
from schema.execution import PlainFieldsExecutor
from schema.lean_resolvers import lean_resolvers
from schema.plain_fields import mark_plain_fields


@strawberry.type(description="An item.")
class Item:
    name: str = strawberry.field(description="Its name.")
    rank: int = strawberry.field(description="Its place.")


@strawberry.type(description="Root.")
class Query:
    @strawberry.field(description="The first `count` items.")  # type: ignore[untyped-decorator]
    def items(self, count: int) -> list[Item]:
        return [Item(name=f"item{index}", rank=index) for index in range(count)]


def _schema() -> strawberry.Schema:
    schema = strawberry.Schema(query=Query, execution_context_class=PlainFieldsExecutor)
    mark_plain_fields(schema._schema)
    lean_resolvers(schema)
    return schema


async def _run(
    schema: strawberry.Schema, document: DocumentNode, variables: dict[str, Any]
) -> tuple[Any, PlainFieldsExecutor]:
    executor = PlainFieldsExecutor.build(schema._schema, document, raw_variable_values=variables)
    assert isinstance(executor, PlainFieldsExecutor)
    result = executor.execute_operation()
    assert isinstance(result, ExecutionResult)
    return result.data, executor


def _operation(document: DocumentNode) -> OperationDefinitionNode:
    operation = document.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    return operation


async def test_requests_of_one_document_share_its_fields_but_not_its_arguments() -> None:
    # given a document with a fragment, asked twice with different variables
    schema = _schema()
    document = parse(
        "query ($n: Int!) { items(count: $n) { name ...Ranked } } fragment Ranked on Item { rank }"
    )
    first, first_executor = await _run(schema, document, {"n": 1})
    plans = dict(first_executor._plans)
    # when it is asked again
    second, second_executor = await _run(schema, document, {"n": 2})
    # then each answers its own variables, with the fields and plans of the first request
    assert first == {"items": [{"name": "item0", "rank": 0}]}
    assert second == {"items": [{"name": "item0", "rank": 0}, {"name": "item1", "rank": 1}]}
    assert second_executor._memo is first_executor._memo is not None
    assert second_executor._plans == plans
    assert second_executor._arguments is not first_executor._arguments


@pytest.mark.parametrize(
    "text",
    [
        "query ($skip: Boolean!) { items(count: 1) { name @skip(if: $skip) } }",
        "query ($skip: Boolean!) { items(count: 1) { ...Named } } "
        "fragment Named on Item { name @include(if: $skip) }",
        "query ($skip: Boolean!) { items(count: 1) { ... @skip(if: $skip) { name } } }",
    ],
    ids=["field", "in-a-fragment", "inline-fragment"],
)
async def test_a_document_whose_fields_depend_on_variables_is_collected_per_request(
    text: str,
) -> None:
    # given a document with a directive on variables
    schema = _schema()
    document = parse(text)
    # when it is asked with either value
    answers = [(await _run(schema, document, {"skip": skip}))[0] for skip in (True, False)]
    # then it is not shared, and each request answers its own variables
    assert document_memo(schema._schema, _operation(document), {}) is None
    assert answers[0] != answers[1]


def test_subscriptions_and_other_schemas_do_not_share_a_memo() -> None:
    # given a subscription, and a query memoised for one schema
    subscription = _operation(parse("subscription { items { name } }"))
    query = _operation(parse("{ items(count: 1) { name } }"))
    first, other = _schema()._schema, _schema()._schema
    # when their memos are asked for
    memo = document_memo(first, query, {})
    # then the subscription has none, the query one for its schema only
    assert document_memo(first, subscription, {}) is None
    assert memo is not None
    assert document_memo(first, query, {}) is memo
    assert document_memo(other, query, {}) is None


def test_only_the_newest_operations_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    # given room for two operations' memos
    monkeypatch.setattr(document_memos, "KEPT", 2)
    monkeypatch.setattr(document_memos, "_memos", {})
    schema = _schema()._schema
    operations = [
        _operation(parse(f"{{ items(count: {count}) {{ name }} }}")) for count in (1, 2, 3)
    ]
    # when three are memoised
    memos = [document_memo(schema, operation, {}) for operation in operations]
    # then the oldest is dropped: asked again, it gets a new memo
    assert len(document_memos._memos) == 2
    assert document_memo(schema, operations[2], {}) is memos[2]
    assert document_memo(schema, operations[0], {}) is not memos[0]
