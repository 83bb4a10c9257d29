"""An operation run the lean way answers as Strawberry's `Schema.execute` does: the same result,
errors and extension results, the same hooks in the same order, the same refusals raised."""

from __future__ import annotations

import cProfile
import pstats
from collections.abc import Iterator
from typing import Any

import pytest
import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from transport.operation import REQUEST_ERRORS, LeanExecution


@strawberry.type
class Query:
    @strawberry.field
    def hello(self) -> str:
        return "world"

    @strawberry.field
    def broken(self) -> str:
        raise ValueError("broken")


@strawberry.type
class Mutation:
    @strawberry.field
    def touch(self) -> int:
        return 1


class Refused(Exception):
    pass


def _extensions(log: list[str], *, refuse: str | None = None) -> list[Any]:
    class Recorder(SchemaExtension):
        def on_operation(self) -> Iterator[None]:
            log.append("operation in")
            if refuse == "operation":
                raise Refused("no")
            yield
            log.append(f"operation out {self.execution_context.pre_execution_errors}")

        def on_parse(self) -> Iterator[None]:
            log.append("parse in")
            yield
            log.append(f"parse out {self.execution_context.graphql_document is not None}")

        def on_validate(self) -> Iterator[None]:
            log.append("validate in")
            yield
            log.append("validate out")

        async def on_execute(self) -> Any:
            log.append("execute in")
            if refuse == "execute":
                raise Refused("not now")
            yield
            log.append(f"execute out {self.execution_context.result}")

        def get_results(self) -> dict[str, Any]:
            return {"log": len(log)}

    class Resolving(SchemaExtension):
        def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
            log.append(f"resolve {info.field_name}")
            return _next(root, info, *args, **kwargs)

    return [Recorder, Resolving]


class Lean(LeanExecution):
    pass


async def _run(
    schema_class: type[strawberry.Schema], query: str | None, **options: Any
) -> tuple[list[str], Any]:
    log: list[str] = []
    refuse = options.pop("refuse", None)
    schema = schema_class(
        query=Query, mutation=Mutation, extensions=_extensions(log, refuse=refuse)
    )
    try:
        result = await schema.execute(query, **options)
    except REQUEST_ERRORS as error:
        return log, repr(error)
    errors = [(e.message, e.path, e.extensions) for e in result.errors or ()]
    return log, (type(result).__name__, result.data, errors, result.extensions)


@pytest.mark.parametrize(
    ("query", "options"),
    [
        ("{ hello }", {}),
        ("{ hello broken }", {}),
        ("{ hello(", {}),
        ("{ nothing }", {}),
        (None, {}),
        ("query A { hello } query B { hello }", {}),
        ("query A { hello }", {"operation_name": "B"}),
        ("mutation { touch }", {"allowed_operation_types": {OperationType.QUERY}}),
        ("mutation { touch }", {}),
        ("{ hello }", {"refuse": "operation"}),
        ("{ hello }", {"refuse": "execute"}),
        ("query ($n: Int!) { hello }", {"variable_values": {"n": "x"}}),
    ],
)
async def test_an_operation_runs_as_with_strawberrys_execute(
    query: str | None, options: dict[str, Any]
) -> None:
    # given the same extensions, when an operation runs through Strawberry's `execute` and
    # through the lean one, then the hooks, the answer and any refusal are the same
    assert await _run(Lean, query, **options) == await _run(strawberry.Schema, query, **options)


async def test_the_lean_way_takes_fewer_python_calls() -> None:
    async def calls(schema_class: type[strawberry.Schema]) -> int:
        schema = schema_class(query=Query, extensions=_extensions([]))
        await schema.execute("{ hello }")
        profile = cProfile.Profile()
        profile.enable()
        await schema.execute("{ hello }")
        profile.disable()
        return sum(row[1] for row in pstats.Stats(profile).stats.values())  # type: ignore[attr-defined]

    assert await calls(Lean) < await calls(strawberry.Schema) - 40


async def test_an_extension_instance_is_passed_through_as_strawberry_does() -> None:
    # given an extension given as an instance (deprecated by Strawberry, still served)
    instance = SchemaExtension()
    with pytest.warns(DeprecationWarning, match="extension instance"):
        schema = Lean(query=Query, extensions=[instance])  # type: ignore[list-item]
    # when a request's extensions are made, then it is that instance
    assert schema.get_extensions() == [instance]
    assert (await schema.execute("{ hello }")).data == {"hello": "world"}
