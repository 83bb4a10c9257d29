"""Field execution for reads: graphql-core's, with plain fields answered in its loop.

A page of twenty members is ~160 fields. graphql-core executes each through `execute_field`
(a path, a resolve-info object, the resolver, `complete_value` unwrapping non-null and ruling
out lists, leaves and abstract types, an awaitable check): about 2 us a field even when the
field is an attribute. Here plain fields (schema/plain_fields.py) are read and serialised in
the loop over a selection's fields, and an object of the class a type is answered by (its own;
a generic's for a specialisation, schema/field_plans.py `object_of`) goes straight to its
sub-selection (a list's items too, their fields collected once per list); everything else,
and every error, takes graphql-core's own path.

The plain way skips field middleware, so it is taken only while no schema extension wraps
field resolution (a `resolve` hook). Strawberry hands graphql-core a middleware manager on
every request, empty or not: the test is whether it holds any middleware, decided once per
request (`reads_plainly`), not whether there is a manager.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any, TypeVar, cast

from graphql import (
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
)
from graphql.execution import Executor as GraphQLExecutor
from graphql.execution.collect_fields import DeferUsage, FieldDetailsList, GroupedFieldSet
from graphql.execution.middleware import MiddlewareManager
from graphql.pyutils import AwaitableOrValue, Path, Undefined, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from schema.document_memos import DocumentMemo, document_memo
from schema.field_plans import FieldPlan, Reader, field_plan, object_of
from schema.resolved_fields import (
    SETTLED,
    awaited_field,
    completed_when_awaited,
    execute_resolved_field,
)

# A response path segment as graphql-core's `Path(prev, key, typename)` builds it, without the
# named tuple's `__new__` (a Python call): one per listed item and per field not read plainly.
_new_path = cast(
    Callable[[tuple[Path | None, str | int, str | None]], Path], partial(tuple.__new__, Path)
)


_STRAWBERRY_RESOLVE_INFO = StrawberryGraphQLCoreExecutionContext.build_resolve_info


def wraps_resolvers(manager: MiddlewareManager | None) -> bool:
    """Whether this middleware manager wraps field resolvers (an empty one does not)."""
    return manager is not None and bool(manager._middleware_resolvers)


class PlainFieldsExecutor(StrawberryGraphQLCoreExecutionContext):
    """Executes a selection's fields as graphql-core does, except that plain fields are read
    and serialised in the loop itself: no path, resolve-info, completion or awaitable check
    for them. What a selection's fields are is worked out once per request and selection
    (graphql-core hands every item of a list the same grouped field set), not per item."""

    reads_plainly: bool
    """No field middleware this request: plain fields are read directly."""

    _plans: dict[int, tuple[GroupedFieldSet, GraphQLObjectType, FieldPlan, Reader | None]]
    """By the id of a grouped field set, which the entry keeps alive."""

    _arguments: dict[tuple[int, int], dict[str, Any]]
    """A field's coerced arguments by the ids of its definition and node (both live as long as
    the request): the same for every item of a list (schema/resolved_fields.py)."""

    _objects: dict[int, tuple[type, GraphQLObjectType] | None]
    """By the id of a field's return type: the class whose instances complete as the object
    type it is (or wraps in non-null) without a check, and that type."""

    _info_tail: tuple[Any, ...] | None
    """What every resolve info of the request holds after its field's own members (empty when
    a subclass builds resolve infos its own way); None until the first field needs it, since
    a subscription event's executor gets its context after it is built."""

    _memo: DocumentMemo | None
    """What the operation's requests share (schema/document_memos.py), when they may: the
    grouped root fields, and with them the memos above and graphql-core's of sub-fields."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reads_plainly = not wraps_resolvers(self.middleware_manager)
        self._arguments = {}
        self._info_tail = None
        memo = self._memo = document_memo(self.schema, self.operation, self.fragment_definitions)
        if memo is None:
            self._plans = {}
            self._objects = {}
        else:
            self._plans = memo.plans
            self._objects = memo.objects
            self._relevant_sub_fields = memo.sub_fields

    def execute_collected_root_fields(
        self,
        root_type: GraphQLObjectType,
        root_value: Any,
        grouped_field_set: GroupedFieldSet,
        serially: bool,
        new_defer_usages: Sequence[DeferUsage],
    ) -> AwaitableOrValue[dict[str, Any]]:
        """The root fields as the operation's first request grouped them, if its requests
        share them (the same fields, grouped anew): every memo keyed by their identity then
        holds across requests."""
        memo = self._memo
        if memo is not None and not new_defer_usages:
            if memo.root is None:
                memo.root = grouped_field_set
            else:
                grouped_field_set = memo.root
        return super().execute_collected_root_fields(
            root_type, root_value, grouped_field_set, serially, new_defer_usages
        )

    def build_per_event_executor(self, payload: Any) -> GraphQLExecutor[Any]:
        """A subscription event's executor (a shallow copy) plans its own selections: the
        root's grouped field set is collected anew per event, and plans shared across events
        would keep every one of them alive."""
        executor = super().build_per_event_executor(payload)
        if isinstance(executor, PlainFieldsExecutor):
            executor._plans = {}
            executor._objects = {}
            executor._arguments = {}
            executor._info_tail = None
            executor._memo = None
        return executor

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        if not self.reads_plainly:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        key = id(grouped_field_set)
        known = self._plans.get(key)
        if known is None or known[1] is not parent_type:
            plan, reader = field_plan(parent_type, grouped_field_set, self._objects)
            known = self._plans[key] = (grouped_field_set, parent_type, plan, reader)
        reader = known[3]
        values: tuple[Any, ...] | None = None
        if reader is not None:
            try:
                values = reader(source_value)
            except Exception:  # an attribute missing or failing: each is read on its own
                values = None
        info_tail = self._info_tail
        if info_tail is None:
            info_tail = self._info_tail = self._resolve_info_tail()
        results: dict[str, Any] = {}
        awaitable_fields: list[str] = []
        try:
            for response_name, field_details_list, nodes, plain, field, settled, index in known[2]:
                if plain is not None:
                    value: Any = (
                        values[index]
                        if values is not None
                        else getattr(source_value, plain.attribute, Undefined)
                    )
                    kind = type(value)
                    if kind is plain.unchanged:
                        results[response_name] = value
                        continue
                    if kind is plain.members:
                        results[response_name] = value._name_
                        continue
                    within = plain.within
                    if within is not None and kind is within[0] and within[1] < value < within[2]:
                        results[response_name] = value
                        continue
                    names = plain.names
                    if names is not None and (name := names.get(id(value))) is not None:
                        results[response_name] = name
                        continue
                    if value is None:
                        if not plain.non_null:
                            results[response_name] = None
                            continue
                    elif value is not Undefined:
                        try:
                            coerced = plain.coerce(value)
                        except Exception:
                            coerced = None
                        if coerced is not None and coerced is not Undefined:
                            results[response_name] = coerced
                            continue
                field_path = _new_path((path, response_name, parent_type.name))
                result = (
                    execute_resolved_field(
                        self,
                        field,
                        parent_type,
                        source_value,
                        field_details_list,
                        nodes,
                        field_path,
                        position_context,
                        settled,
                        self._arguments,
                        info_tail,
                    )
                    if field is not None
                    else self.execute_field(
                        parent_type, source_value, field_details_list, field_path, position_context
                    )
                )
                if result is not Undefined:
                    results[response_name] = result
                    if type(result) not in SETTLED and self.is_awaitable(result):
                        awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:  # settled, as they may fail too (as graphql-core does)
                self.settle_in_background([results[name] for name in awaitable_fields])
            raise
        if not awaitable_fields:
            return results
        return _awaited(results, awaitable_fields)

    def _resolve_info_tail(self) -> tuple[Any, ...]:
        """The members of Strawberry's resolve info that are the same for every field of the
        request, in its order (`build_resolve_info`); empty if this class builds its own."""
        if type(self).build_resolve_info is not _STRAWBERRY_RESOLVE_INFO:
            return ()
        return (
            self.schema,
            self.fragment_definitions,
            self.root_value,
            self.operation,
            self.variable_values.coerced,
            self.context_value,
            self.is_awaitable,
            self.abort_signal,
            self.async_helpers,
            self.operation_extensions,
        )

    def complete_iterable_value(
        self,
        item_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        path: Path,
        items: Iterable[Any],
        position_context: Any,
    ) -> AwaitableOrValue[list[Any]]:
        """A list's items of its object type's own class go straight to their sub-selection,
        as `complete_value` would send each: the fields collected once per list, not per
        item through `complete_list_item_value`, `complete_value` and `collect_subfields`.
        Any other item takes graphql-core's per-item path; a streamed list, `@defer` and
        incremental delivery take graphql-core's whole."""
        key = id(item_type)
        if key not in self._objects:
            self._objects[key] = object_of(item_type)
        known = self._objects[key]
        if (
            known is None
            or position_context is not None
            or type(items) is not list
            or self.get_stream_usage(field_details_list, path) is not None
        ):
            return super().complete_iterable_value(
                item_type, field_details_list, info, path, items, position_context
            )
        object_class, object_type = known
        fields, deferred, _ = self.collect_subfields(object_type, field_details_list)
        if deferred:
            return super().complete_iterable_value(
                item_type, field_details_list, info, path, items, position_context
            )
        is_awaitable = self.is_awaitable
        completed: list[Any] = []
        awaitable_indices: list[int] = []
        try:
            for index, item in enumerate(items):
                item_path = _new_path((path, index, None))
                if type(item) is object_class:
                    try:
                        value = self.execute_fields(object_type, item, item_path, fields, None)
                    except Exception as raw_error:
                        self.handle_field_error(raw_error, item_type, field_details_list, item_path)
                        value = None
                    if type(value) is not dict and value is not None and is_awaitable(value):
                        value = awaited_field(self, value, item_type, field_details_list, item_path)
                        awaitable_indices.append(index)
                    completed.append(value)
                elif is_awaitable(item):
                    completed.append(
                        self.complete_awaitable_list_item_value(
                            item, item_type, field_details_list, info, item_path, None
                        )
                        if self.abort_signal is not None
                        else completed_when_awaited(
                            self, item, item_type, field_details_list, info, item_path, None
                        )
                    )
                    awaitable_indices.append(index)
                elif self.complete_list_item_value(
                    item, completed, item_type, field_details_list, info, item_path, None
                ):
                    awaitable_indices.append(index)
        except Exception:
            if awaitable_indices:  # settled, as they may fail too (as graphql-core does)
                self.settle_in_background([completed[index] for index in awaitable_indices])
            raise
        if not awaitable_indices:
            return completed
        return _awaited(completed, awaitable_indices)

    def complete_value(
        self,
        return_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        path: Path,
        result: Any,
        position_context: Any,
    ) -> AwaitableOrValue[Any]:
        """An instance of an object type's own class goes straight to its sub-selection: what
        graphql-core would do after unwrapping non-null, ruling out lists, leaves and abstract
        types, asking the type's `is_type_of` (which such an instance passes) and, outside
        `@defer`, passing the collected fields through two more calls."""
        key = id(return_type)
        if key not in self._objects:
            self._objects[key] = object_of(return_type)
        known = self._objects[key]
        if known is not None and type(result) is known[0]:
            object_type = known[1]
            # graphql-core's memo of `collect_subfields`, read here: one call less per item
            cached = self._relevant_sub_fields.get((object_type, id(field_details_list)))
            fields, deferred, _ = (
                cached[1]
                if cached is not None
                else self.collect_subfields(object_type, field_details_list)
            )
            if deferred or position_context is not None:  # incremental delivery's way
                return self.execute_collected_subfields(
                    object_type, result, path, fields, deferred, position_context
                )
            return self.execute_fields(object_type, result, path, fields, None)
        return super().complete_value(
            return_type, field_details_list, info, path, result, position_context
        )


Results = TypeVar("Results", dict[str, Any], list[Any])


async def _awaited(results: Results, awaitable: Sequence[Any]) -> Results:
    """`results` (a selection's or a list's) with its values at `awaitable` (their names or
    indices) awaited, together if several."""
    if len(awaitable) == 1:
        key = awaitable[0]
        results[key] = await results[key]
    else:
        values = await gather_with_cancel(*(results[key] for key in awaitable))
        for key, value in zip(awaitable, values, strict=True):
            results[key] = value
    return results
