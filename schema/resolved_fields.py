"""A field with a resolver executed as graphql-core's `execute_field` does, in fewer calls.

Outside the plain path (schema/plain_fields.py) every field goes through `execute_field`,
which looks the field up again (the selection's plan already holds it), asks the middleware
manager for the resolver (there is none while fields are read plainly), builds the field-node
list with a comprehension and asks `is_awaitable` of every result and completed value, a
list's, a dict's or None included: about six Python calls a field beside the resolver's own.
Here the same steps run, in the same order, with the same error handling, without those; a
resolver's list of leaves is serialised in one call (schema/leaf_values.py), and an awaitable
result is awaited without graphql-core's `with_abort_signal` around it while the executor has
no abort signal (the wrapper then only awaits: one coroutine less an awaited field).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, cast

from graphql import (
    FieldNode,
    GraphQLField,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
)
from graphql.execution import Executor
from graphql.execution.collect_fields import FieldDetailsList
from graphql.execution.values import get_argument_values
from graphql.pyutils import AwaitableOrValue, Path
from strawberry.schema.schema import _OperationContextAwareGraphQLResolveInfo

from schema.leaf_values import LEAF_ITEMS

# Strawberry's resolve info from its members, without the named tuple's `__new__` (a Python
# call) or the executor's `build_resolve_info` around it.
_new_info = cast(
    Callable[[tuple[Any, ...]], GraphQLResolveInfo[Any]],
    partial(tuple.__new__, _OperationContextAwareGraphQLResolveInfo),
)

SETTLED = frozenset({type(None), bool, int, float, str, list, dict})
"""Types whose values are never awaitable: no `is_awaitable` call for them."""


def execute_resolved_field(
    executor: Executor[Any],
    field_def: GraphQLField,
    parent_type: GraphQLObjectType,
    source: Any,
    field_details_list: FieldDetailsList,
    nodes: list[FieldNode],
    path: Path,
    position_context: Any,
    settled: type | None,
    arguments: dict[tuple[int, int], dict[str, Any]],
    info_tail: tuple[Any, ...],
) -> AwaitableOrValue[Any]:
    """`executor.execute_field` for `field_def`, a field of `parent_type` (not an
    introspection field), while no middleware wraps resolvers; `nodes` the field's nodes (as
    `to_nodes(field_details_list)`, made once per selection); `settled` is a class (the
    field's object type's) whose instances are known not to be awaitable; `arguments` the
    request's coerced arguments by field and node (a listed item's field takes the same as
    the first item's: the same node, variables and definition); `info_tail`, if not empty,
    what Strawberry's resolve info holds after the field's own five members (the executor's
    for the request), so that the info is built by one call, not three."""
    first_field_details = field_details_list[0]
    first_field_node = first_field_details.node
    return_type = field_def.type
    resolve_fn = field_def.resolve or executor.field_resolver
    info = (
        _new_info((first_field_node.name.value, nodes, return_type, parent_type, path, *info_tail))
        if info_tail
        else executor.build_resolve_info(field_def, nodes, parent_type, path)
    )
    try:
        if field_def.args or first_field_node.arguments:
            key = (id(field_def), id(first_field_node))
            args = arguments.get(key)
            if args is None:
                fragment_variable_values = first_field_details.fragment_variable_values
                args = get_argument_values(
                    field_def,
                    first_field_node,
                    executor.variable_values,
                    fragment_variable_values,
                    executor.hide_suggestions,
                )
                if fragment_variable_values is None:
                    arguments[key] = args
        else:
            args = {}
        result = resolve_fn(source, info, **args)
        kind = type(result)
        if kind is not settled and kind not in SETTLED and executor.is_awaitable(result):
            if executor.abort_signal is not None:  # graphql-core's, which awaits it abortably
                return executor.complete_awaitable_value(
                    return_type, field_details_list, info, path, result, position_context
                )
            return completed_when_awaited(
                executor, result, return_type, field_details_list, info, path, position_context
            )
        if kind is list or kind is tuple:
            items = field_def.extensions.get(LEAF_ITEMS)
            if items is not None and (answer := items.serialised(result)) is not None:
                return answer
        completed = executor.complete_value(
            return_type, field_details_list, info, path, result, position_context
        )
        if type(completed) not in SETTLED and executor.is_awaitable(completed):
            return awaited_field(executor, completed, return_type, field_details_list, path)
    except Exception as raw_error:
        executor.handle_field_error(raw_error, return_type, field_details_list, path)
        return None
    return completed


async def completed_when_awaited(
    executor: Executor[Any],
    awaitable: Awaitable[Any],
    return_type: GraphQLOutputType,
    field_details_list: FieldDetailsList,
    info: GraphQLResolveInfo[Any],
    path: Path,
    position_context: Any,
) -> Any:
    """graphql-core's `complete_awaitable_value` (and `complete_awaitable_list_item_value`,
    the same steps for a list's item) while the executor has no abort signal, when
    `with_abort_signal` only awaits: the value awaited here, then completed, its error
    handled as graphql-core does."""
    try:
        resolved = await awaitable
        completed = executor.complete_value(
            return_type, field_details_list, info, path, resolved, position_context
        )
        if type(completed) not in SETTLED and executor.is_awaitable(completed):
            completed = await completed
    except Exception as raw_error:
        executor.handle_field_error(raw_error, return_type, field_details_list, path)
        return None
    return completed


async def awaited_field(
    executor: Executor[Any],
    completed: Awaitable[Any],
    return_type: GraphQLOutputType,
    field_details_list: FieldDetailsList,
    path: Path,
) -> Any:
    """A field's (or a list item's) awaited value, its error handled as graphql-core does."""
    try:
        return await completed
    except Exception as raw_error:
        executor.handle_field_error(raw_error, return_type, field_details_list, path)
        return None
