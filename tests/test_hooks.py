"""Extensions' hooks run the lean way do what Strawberry's runner does: order, errors, outcome."""

from __future__ import annotations

import cProfile
import pstats
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from strawberry.extensions import SchemaExtension
from strawberry.extensions.runner import SchemaExtensionsRunner
from strawberry.types import ExecutionContext

from transport.hooks import LeanExtensionsRunner


class Boom(Exception):
    pass


class Replaced(Exception):
    pass


def _extensions(log: list[str], *, swallow: bool = False, replace: bool = False) -> list[Any]:
    """Four extensions, one of each kind of hook, writing what happens to `log`."""

    class Generator(SchemaExtension):
        def on_operation(self) -> Iterator[None]:
            log.append("generator in")
            try:
                yield
            except Boom as error:
                log.append(f"generator saw {error!r}")
                if replace:
                    raise Replaced("instead") from error
                if not swallow:
                    raise
            log.append("generator out")

    class AsyncGenerator(SchemaExtension):
        async def on_operation(self) -> AsyncIterator[None]:
            log.append("async generator in")
            try:
                yield
            except Exception as error:
                log.append(f"async generator saw {type(error).__name__}")
                raise
            log.append("async generator out")

    class Function(SchemaExtension):
        def on_operation(self) -> None:  # type: ignore[override]
            log.append("function")

    class Coroutine(SchemaExtension):
        async def on_operation(self) -> None:  # type: ignore[override]
            log.append("coroutine")

    class Unused(SchemaExtension):
        pass

    return [AsyncGenerator(), Function(), Generator(), Coroutine(), Unused()]


async def _run(
    runner_class: type[SchemaExtensionsRunner],
    *,
    fail: bool = False,
    swallow: bool = False,
    replace: bool = False,
) -> list[str]:
    log: list[str] = []
    context = ExecutionContext(query=None, schema=None, allowed_operations=())  # type: ignore[arg-type]
    extensions = _extensions(log, swallow=swallow, replace=replace)
    runner = runner_class(execution_context=context, extensions=extensions)
    try:
        async with runner.operation():
            log.append("body")
            if fail or swallow or replace:
                raise Boom("in the body")
    except Exception as error:
        log.append(f"raised {type(error).__name__}: {error}")
    else:
        log.append("returned")
    return log


@pytest.mark.parametrize(
    "scenario",
    [{}, {"fail": True}, {"swallow": True}, {"replace": True}],
    ids=["no-error", "error", "swallowed", "replaced"],
)
async def test_hooks_run_and_end_as_with_strawberrys_runner(scenario: dict[str, bool]) -> None:
    # given extensions with every kind of hook, one that catches the body's error
    # when a stage runs through Strawberry's runner and through the lean one
    strawberry_way = await _run(SchemaExtensionsRunner, **scenario)
    lean_way = await _run(LeanExtensionsRunner, **scenario)
    # then the same hooks run in the same order, and the stage ends the same way
    assert lean_way == strawberry_way
    assert lean_way[0] == "async generator in"


async def test_a_stage_takes_under_half_strawberrys_python_calls() -> None:
    # given extensions with every kind of hook
    extensions = _extensions([])
    context = ExecutionContext(query=None, schema=None, allowed_operations=())  # type: ignore[arg-type]

    async def calls(runner_class: type[SchemaExtensionsRunner]) -> int:
        runner = runner_class(execution_context=context, extensions=extensions)
        async with runner.operation():  # each class's hooks looked at once
            pass
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(10):
            async with runner.operation():
                pass
        profile.disable()
        return int(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]

    # when a stage is entered and left through each runner
    lean, strawberry_calls = await calls(LeanExtensionsRunner), await calls(SchemaExtensionsRunner)
    # then the lean one makes under half the Python calls of Strawberry's
    assert lean * 2 < strawberry_calls


def test_a_synchronous_stage_runs_the_hooks_as_strawberry_does() -> None:
    # given generator hooks (the only kind a synchronous stage takes)
    log: list[str] = []
    context = ExecutionContext(query=None, schema=None, allowed_operations=())  # type: ignore[arg-type]
    generator = _extensions(log)[2]
    runner = LeanExtensionsRunner(execution_context=context, extensions=[generator])
    # when a stage runs synchronously
    with runner.operation():
        log.append("body")
    # then the hook ran around it
    assert log == ["generator in", "body", "generator out"]


async def test_extension_results_are_gathered_as_strawberry_gathers_them() -> None:
    # given an extension with results, one with awaited results, and one without
    class Plain(SchemaExtension):
        def get_results(self) -> dict[str, Any]:
            return {"plain": 1}

    class Awaited(SchemaExtension):
        async def get_results(self) -> dict[str, Any]:
            return {"awaited": 2}

    context = ExecutionContext(query=None, schema=None, allowed_operations=())  # type: ignore[arg-type]
    context.extensions_results["context"] = 3
    extensions: list[SchemaExtension] = [Plain(), Awaited(), SchemaExtension()]

    async def results(runner_class: type[SchemaExtensionsRunner]) -> dict[str, Any]:
        runner = runner_class(execution_context=context, extensions=extensions)
        return await runner.get_extensions_results(context)

    # when each runner gathers them
    lean, strawberry_way = (
        await results(LeanExtensionsRunner),
        await results(SchemaExtensionsRunner),
    )
    # then both give the same, the context's own included
    assert lean == strawberry_way == {"plain": 1, "awaited": 2, "context": 3}
