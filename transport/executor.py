"""The seam where subscription events are executed once per share group.

graphql-core runs a subscription as one source stream per subscriber, mapped event by event
through a per-event copy of the operation's executor (`build_per_event_executor`, then
`execute_operation`). `SharingExecutor` is Strawberry's executor class with one change: when
an event carries a `share_id` (DomainEvent: its log id; a command-centre snapshot: the
snapshot), the copy runs in its share group (subscriptions/sharing.py) with the group's
context, so equal subscribers cost one execution and one JSON encoding per event. Queries
and mutations, and events without a `share_id`, execute as before.

The share key is what an event's result can depend on:
- the root field's selection set, alias and directives, and the fragments: not the root
  field's arguments, which only choose the events (Strawberry resolves the root field to the
  event itself), so `after:`, `under:` and `types:` do not split groups; a subscriber
  resuming from a cursor replays privately from the log through its own stream, and its
  live events then come from the group like everyone else's;
- the values of the variables used in those selections;
- the viewer, as resolvers/sharing.py defines it (role bindings; the account as well for
  viewers who may read personal data, so the audit names them).

Over graphql-transport-ws a subscriber can go further and skip Strawberry's per-subscriber
pipeline for live events: the protocol handler puts each operation's websocket in a context
variable and the executor puts itself in another (both run in the operation's task, before
the resolver), so `subscriptions.watches.follow` can hand the subscriber to its operation's
live group (subscriptions/live_groups.py), which sends it finished frames.
"""

from __future__ import annotations

import json
from collections.abc import Hashable
from typing import Any

from graphql import ExecutionResult, FieldNode, OperationType, Visitor, print_ast, visit
from graphql.execution import Executor
from graphql.language import Node, VariableNode
from graphql.pyutils import AwaitableOrValue
from starlette.websockets import WebSocketState
from strawberry.asgi import ASGIWebSocketAdapter
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
    Operation,
)

from resolvers.context import Context
from resolvers.share_identity import share_identity, shared_context
from subscriptions.frames import EncodedOnce, encode_json
from subscriptions.live_groups import CURRENT_OPERATION as _OPERATION
from subscriptions.live_groups import CURRENT_SOCKET as _SINK
from subscriptions.share_groups import SameObject, ShareGroup
from transport.frame_sink import GONE, FrameSink


class _VariableNames(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_variable(self, node: VariableNode, *_args: object) -> None:
        self.names.add(node.name.value)


SELECTIONS_KEPT = 256
Selection = tuple[tuple[str, ...], tuple[str, ...]]  # printed parts, variable names used
_selections: dict[SameObject, Selection | None] = {}


def selection_key(executor: Executor[Any]) -> Hashable | None:
    """The part of the operation an event's result depends on; None when not one plain root
    field (then the operation is not shared)."""
    selection = _selection_of(executor)
    if selection is None:
        return None
    printed, names = selection
    coerced = executor.variable_values.coerced
    values = json.dumps({name: coerced.get(name) for name in names}, default=repr, sort_keys=True)
    return (printed, values)


def _selection_of(executor: Executor[Any]) -> Selection | None:
    """Worked out once per parsed operation: documents are cached by their text
    (schema/documents.py), so every subscriber of the same text brings the same node."""
    operation = SameObject(executor.operation)
    if operation in _selections:
        return _selections[operation]
    selections = executor.operation.selection_set.selections
    found: Selection | None = None
    if len(selections) == 1 and isinstance(selections[0], FieldNode):
        root = selections[0]
        without_arguments = FieldNode(
            alias=root.alias, name=root.name, directives=root.directives,
            selection_set=root.selection_set,
        )  # fmt: skip
        parts: list[Node] = [without_arguments, *executor.fragment_definitions.values()]
        variables = _VariableNames()
        for part in parts:
            visit(part, variables)
        found = (tuple(print_ast(part) for part in parts), tuple(sorted(variables.names)))
    _selections[operation] = found
    if len(_selections) > SELECTIONS_KEPT:
        del _selections[next(iter(_selections))]
    return found


class SharingExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor, executing shareable subscription events once per group."""

    _group: ShareGroup[ExecutionResult] | None = None
    share_key: Hashable | None = None
    _event: tuple[ShareGroup[ExecutionResult], Hashable] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A subscription joins its group when it starts, so the group knows how many
        # members will ask for each event before the first one arrives; and its resolver
        # (called next, in the same task) can find it for a live group.
        if self.operation.operation is OperationType.SUBSCRIPTION:
            self._group = self._join()
            _OPERATION.set(self)

    def build_per_event_executor(self, payload: Any) -> Executor[Any]:
        executor = super().build_per_event_executor(payload)
        share_id = getattr(payload, "share_id", None)
        group = self._group
        if share_id is not None and group is not None and isinstance(executor, SharingExecutor):
            executor.context_value = group.context
            executor._event = (group, share_id)
        return executor

    def _join(self) -> ShareGroup[ExecutionResult] | None:
        context = self.context_value
        selection = selection_key(self)
        if not isinstance(context, Context) or selection is None:
            return None
        self.share_key = (selection, share_identity(context.viewer))
        return context.services.shared.join(self.share_key, self, shared_context(context))

    async def encoded(self, payload: object) -> str | None:
        """The event's `data` as JSON, executed (once per group) for `payload`; None when the
        result has errors (Strawberry formats and masks those per subscriber)."""
        result = self.build_per_event_executor(payload).execute_operation(False)
        if self.is_awaitable(result):
            result = await result
        assert isinstance(result, ExecutionResult)
        if result.errors or result.data is None:
            return None
        data = result.data
        return data.text() if isinstance(data, EncodedOnce) else encode_json(data)

    def execute_operation(self, serially: bool | None = None) -> AwaitableOrValue[Any]:
        if self._event is None:
            return super().execute_operation(serially)
        group, share_id = self._event
        return group.result(share_id, lambda: self._execute_shared(serially))

    async def _execute_shared(self, serially: bool | None) -> ExecutionResult:
        result = super().execute_operation(serially)
        if self.is_awaitable(result):
            result = await result
        assert isinstance(result, ExecutionResult)
        data = None if result.data is None else EncodedOnce(result.data)
        return ExecutionResult(data, result.errors, result.extensions)


class SharingTransportWSHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """graphql-transport-ws, with each operation's websocket and id at hand for live groups
    (the legacy graphql-ws protocol shares executions, but not live groups)."""

    async def run_operation(self, operation: Operation[Context, None]) -> None:
        if isinstance(self.websocket, ASGIWebSocketAdapter):
            _SINK.set(FrameSink(self.websocket.ws, operation.id))
        await super().run_operation(operation)

    async def handle_task_exception(self, error: Exception) -> None:
        """A send to a client that is gone ends its operation quietly; anything else is
        logged as Strawberry does."""
        if isinstance(error, (*GONE, WebSocketDisconnected)) and not (
            isinstance(error, RuntimeError)
            and isinstance(self.websocket, ASGIWebSocketAdapter)
            and self.websocket.ws.application_state is WebSocketState.CONNECTED
        ):
            return
        await super().handle_task_exception(error)
