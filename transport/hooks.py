"""Schema extensions' lifecycle hooks run without Strawberry's per-request set-up.

For each of the four stages of every request (operation, parsing, validation, execution)
Strawberry inspects every extension's hook (is it overridden, a generator, an async
generator, a coroutine?), wraps each in a `contextlib` context manager (building a wrapper
function with `functools.update_wrapper`) and enters them through an exit stack: about 450
Python calls per request with our five extensions, a third of what `{ __typename }` costs.
Here the kind of each hook is found once per extension class, and a stage runs the hooks
directly: generators advanced, thrown into and closed as `contextlib` would, in the same
order, with the same outcome for an exception (a hook may replace it; one that swallows it
hides it from the hooks outside it, and the caller still sees it, as with Strawberry's).

One difference, deliberate: if a hook fails on entry, the hooks entered before it are
exited with that error (Strawberry leaves them suspended).
"""

from __future__ import annotations

import inspect
from enum import Enum
from types import TracebackType
from typing import Any

from strawberry.extensions import SchemaExtension
from strawberry.extensions.context import (
    ExecutingContextManager,
    ExtensionContextManagerBase,
    OperationContextManager,
    ParsingContextManager,
    ValidationContextManager,
)
from strawberry.extensions.runner import SchemaExtensionsRunner
from strawberry.types import ExecutionContext
from strawberry.utils.await_maybe import await_maybe


class _Kind(Enum):
    GENERATOR = "generator"
    ASYNC_GENERATOR = "async generator"
    FUNCTION = "function"
    COROUTINE = "coroutine"


_STRAWBERRY_STAGES: dict[str, type[ExtensionContextManagerBase]] = {
    "on_operation": OperationContextManager,
    "on_validate": ValidationContextManager,
    "on_parse": ParsingContextManager,
    "on_execute": ExecutingContextManager,
}
_KINDS: dict[tuple[type, str], tuple[_Kind, Any] | None] = {}
# Which extensions hook a stage (by position), and how.
_Plan = tuple[tuple[int, _Kind, Any], ...]


class Plans:
    """What a tuple of extension classes does, worked out once (a schema has one tuple):
    each stage's hooks, which extensions hook resolvers (by position), which give results."""

    __slots__ = ("resolvers", "results", "stages")

    def __init__(self, classes: tuple[type[SchemaExtension], ...]) -> None:
        self.stages = {
            name: tuple(
                (index, *hook)
                for index, hook in enumerate(_hook(kind, name) for kind in classes)
                if hook is not None
            )
            for name in _STRAWBERRY_STAGES
        }
        self.resolvers = tuple(i for i, kind in enumerate(classes) if kind.resolve is not RESOLVE)
        self.results = tuple(i for i, kind in enumerate(classes) if kind.get_results is not RESULTS)


_PLANS: dict[tuple[type[SchemaExtension], ...], Plans] = {}
RESOLVE = SchemaExtension.resolve
RESULTS = SchemaExtension.get_results


def _hook(extension_class: type, name: str) -> tuple[_Kind, Any] | None:
    """The class's hook for stage `name` and its kind; None where it keeps the default."""
    key = (extension_class, name)
    if key not in _KINDS:
        function = getattr(extension_class, name)
        if function is getattr(SchemaExtension, name):
            _KINDS[key] = None
        elif inspect.isgeneratorfunction(function):
            _KINDS[key] = (_Kind.GENERATOR, function)
        elif inspect.isasyncgenfunction(function):
            _KINDS[key] = (_Kind.ASYNC_GENERATOR, function)
        elif inspect.iscoroutinefunction(function):
            _KINDS[key] = (_Kind.COROUTINE, function)
        elif callable(function):
            _KINDS[key] = (_Kind.FUNCTION, function)
        else:
            raise ValueError(f"Hook {name} on {extension_class} must be callable")
    return _KINDS[key]


def plans(extensions: list[SchemaExtension]) -> Plans:
    """The plans of these extensions' classes."""
    classes = tuple(map(type, extensions))
    planned = _PLANS.get(classes)
    if planned is None:
        planned = _PLANS[classes] = Plans(classes)
    return planned


async def extensions_results(
    extensions: list[SchemaExtension], planned: Plans, execution: ExecutionContext
) -> dict[str, Any]:
    """As Strawberry's runner gathers them, asking only the extensions whose class has
    results to give (the default `get_results` gives none): one call instead of about eight
    per extension."""
    data: dict[str, Any] = {}
    for index in planned.results:
        results = extensions[index].get_results()
        data.update(results if type(results) is dict else await await_maybe(results))
    data.update(execution.extensions_results)
    return data


class Stage:
    """One stage's hooks of one request, entered in order and exited in reverse."""

    __slots__ = ("entered", "extensions", "name", "plan", "sync")

    def __init__(self, name: str, extensions: list[SchemaExtension], plan: _Plan) -> None:
        self.name = name
        self.extensions = extensions
        self.plan = plan
        self.entered: list[tuple[_Kind, Any]] = []

    async def __aenter__(self) -> None:
        try:
            extensions = self.extensions
            for index, kind, function in self.plan:
                extension = extensions[index]
                if kind is _Kind.GENERATOR:
                    generator = function(extension)
                    next(generator)
                    self.entered.append((kind, generator))
                elif kind is _Kind.ASYNC_GENERATOR:
                    generator = function(extension)
                    await generator.__anext__()
                    self.entered.append((kind, generator))
                elif kind is _Kind.COROUTINE:
                    await function(extension)
                else:
                    function(extension)
        except (StopIteration, StopAsyncIteration):
            await self._unwind(RuntimeError(f"a {self.name} hook did not yield"))
        except BaseException as error:
            await self._unwind(error)

    async def _unwind(self, error: BaseException) -> None:
        remaining = await self._exit(error)
        if remaining is not None:
            raise remaining

    async def _exit(self, error: BaseException | None) -> BaseException | None:
        """Exit the entered hooks, innermost first; the error left for the caller, if any."""
        pending = error
        while self.entered:
            kind, generator = self.entered.pop()
            try:
                if kind is _Kind.ASYNC_GENERATOR:
                    if pending is None:
                        await generator.__anext__()
                    else:
                        await generator.athrow(pending)
                elif pending is None:
                    next(generator)
                else:
                    generator.throw(pending)
            except (StopIteration, StopAsyncIteration):
                pending = None  # finished, or swallowed the error
            except BaseException as raised:
                if raised is not pending and pending is not None and raised.__context__ is None:
                    raised.__context__ = pending
                pending = raised
            else:
                pending = RuntimeError(f"a {self.name} hook yielded more than once")
        return pending

    async def __aexit__(
        self,
        error_type: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        remaining = await self._exit(error)
        if remaining is None or remaining is error:
            # As Strawberry's stages: a hook that swallows the error hides it from the hooks
            # outside it, not from the caller.
            return False
        raise remaining

    def __enter__(self) -> None:
        """Synchronous execution (unused by the service) keeps Strawberry's own stage."""
        self.entered = []
        self.sync = _STRAWBERRY_STAGES[self.name](self.extensions)
        self.sync.__enter__()

    def __exit__(
        self,
        error_type: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.sync.__exit__(error_type, error, traceback)


class LeanExtensionsRunner(SchemaExtensionsRunner):
    """Strawberry's runner with the four per-request stages run by `Stage` (streamed
    results keep Strawberry's own); used where Strawberry's own code runs the operation
    (subscriptions), transport/operation.py runs queries and mutations."""

    _planned: Plans | None = None

    def _stage(self, name: str) -> Stage:
        planned = self._planned
        if planned is None:  # once per request, for its four stages
            planned = self._planned = plans(self.extensions)
        return Stage(name, self.extensions, planned.stages[name])

    def operation(self) -> Any:
        return self._stage("on_operation")

    def validation(self) -> Any:
        return self._stage("on_validate")

    def parsing(self) -> Any:
        return self._stage("on_parse")

    def executing(self) -> Any:
        return self._stage("on_execute")

    async def get_extensions_results(self, ctx: ExecutionContext) -> dict[str, Any]:
        planned = self._planned or plans(self.extensions)
        return await extensions_results(self.extensions, planned, ctx)
