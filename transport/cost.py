"""Query cost: a declarative cost map, a ceiling per request, and a bucket per client.

Objects cost 1 and scalars 0; a list costs its length times its items, where a connection's
length is its `first`/`last` (default 20), `nodes(ids:)` the number of ids, and any other list
10. The cost is reported in `extensions.cost` in the shape Shopify's clients read. Each
fragment is priced once per page size it is spread under, never once per spread: the
document's figures (transport/measure.py) were checked before, but a fragment spread in many
places is still worked out once.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import Any, NamedTuple

from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableDefinitionNode,
    get_named_type,
    get_nullable_type,
    is_leaf_type,
    is_list_type,
)
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values
from graphql.utilities import get_operation_ast, type_from_ast
from strawberry.types.graphql import OperationType

from resolvers.cost_buckets import Throttle
from resolvers.errors import ErrorCode, RateLimited, UserError
from resolvers.pagination import DEFAULT_PAGE_SIZE

UNPAGED_LIST_LENGTH = 10
SIZING_ARGUMENTS = {"first", "last", "ids"}
KEPT_VALUES_LENGTH = 256  # the longest variables' repr a kept cost is keyed by


class QueryTooCostly(UserError):
    code = ErrorCode.MAX_COST_EXCEEDED


class _CostWalker:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: VariableValues,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.priced: dict[tuple[str, int | None], int] = {}

    def selection_cost(
        self, selection_set: SelectionSetNode | None, parent: Any, page: int | None
    ) -> int:
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field_cost(selection, parent, page)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                kind = self.schema.get_type(condition.name.value) if condition else parent
                total += self.selection_cost(selection.selection_set, kind, page)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment_cost(selection.name.value, page)
        return total

    def fragment_cost(self, name: str, page: int | None) -> int:
        key = (name, page)
        cost = self.priced.get(key)
        if cost is None:
            fragment = self.fragments.get(name)
            self.priced[key] = 0  # a cycle back to it adds nothing
            cost = 0
            if fragment is not None:
                kind = self.schema.get_type(fragment.type_condition.name.value)
                cost = self.selection_cost(fragment.selection_set, kind, page)
            self.priced[key] = cost
        return cost

    def field_cost(self, node: FieldNode, parent: Any, page: int | None) -> int:
        fields = getattr(parent, "fields", {})
        definition = fields.get(node.name.value)
        if definition is None:
            return 0
        named = get_named_type(definition.type)
        if is_leaf_type(named):
            return 0
        # Only the sizing arguments count: coercing the others (a gateway's thousand readings,
        # say) would cost more than the rest of the walk.
        arguments = (
            get_argument_values(definition, node, self.variables)
            if SIZING_ARGUMENTS & definition.args.keys()
            else {}
        )
        own_page = None
        if "first" in definition.args or "last" in definition.args:
            own_page = arguments.get("first") or arguments.get("last") or DEFAULT_PAGE_SIZE
        item = 1 + self.selection_cost(node.selection_set, named, own_page)
        if not is_list_type(get_nullable_type(definition.type)):
            return item
        if "ids" in arguments:
            return len(arguments["ids"]) * item
        return (page if page is not None else UNPAGED_LIST_LENGTH) * item


def requested_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
) -> int:
    """The most the operation can cost, computed before it runs."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return 0
    fragments = {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }
    coerced = get_variable_values(
        schema, _sizing_variables(schema, operation), dict(variables or {})
    )
    if not isinstance(coerced, VariableValues):
        return 0  # execution reports the bad variables itself
    root = schema.get_root_type(operation.operation)
    walker = _CostWalker(schema, fragments, coerced)
    return walker.selection_cost(operation.selection_set, root, None)


def _sizing_variables(
    schema: GraphQLSchema, operation: OperationDefinitionNode
) -> list[VariableDefinitionNode]:
    """The variables that can size a list: first/last are Int and ids a list of ID, so only
    leaf-typed variables. The others (a gateway's thousand readings) are left to execution,
    which coerces them once; coercing them here too cost a batch as much again."""
    return [
        definition
        for definition in operation.variable_definitions or ()
        if (kind := type_from_ast(schema, definition.type)) is None
        or is_leaf_type(get_named_type(kind))
    ]


class RequestedCosts:
    """Each operation's requested cost, worked out once per document text, operation name and
    the values of the variables the cost can depend on (its leaf-typed ones, as
    `requested_cost` coerces them), the least recently used dropped beyond `size`: a page
    asked again with the same page size skips the walk and the coercion."""

    def __init__(self, size: int = 1000) -> None:
        self.size = size
        self._names: OrderedDict[tuple[str, str | None], tuple[str, ...]] = OrderedDict()
        self._costs: OrderedDict[tuple[str, str | None, str], int] = OrderedDict()

    def of(
        self,
        schema: GraphQLSchema,
        text: str,
        document: DocumentNode,
        operation_name: str | None,
        variables: Mapping[str, Any] | None,
    ) -> int:
        names = self._names.get((text, operation_name))
        if names is None:
            operation = get_operation_ast(document, operation_name)
            sizing = _sizing_variables(schema, operation) if operation else []
            names = tuple(definition.variable.name.value for definition in sizing)
            _keep(self._names, (text, operation_name), names, self.size)
        given = variables or {}
        # repr tells True from 1, 1 from 1.0 and nan from None, which a tuple's equality would
        # not; one call in C (json.dumps with `default` built an encoder per request).
        values = repr([given.get(name, _ABSENT) for name in names])
        if len(values) > KEPT_VALUES_LENGTH:  # a long list of ids: priced, not kept
            return requested_cost(schema, document, operation_name, variables)
        key = (text, operation_name, values)
        cost = self._costs.get(key)
        if cost is None:
            cost = requested_cost(schema, document, operation_name, variables)
            _keep(self._costs, key, cost, self.size)
        else:
            self._costs.move_to_end(key)
        return cost

    def __len__(self) -> int:
        return len(self._costs)


_ABSENT = object()  # a variable not given (repr'd apart from None and from any JSON value)


def _keep(cache: OrderedDict[Any, Any], key: Any, value: Any, size: int) -> None:
    cache[key] = value
    if len(cache) > size:
        cache.popitem(last=False)


def actual_cost(data: Mapping[str, Any] | None) -> int:
    """Objects actually returned (the root excluded). Only containers are pushed, and plain
    dicts, lists and leaves are told apart by their exact type (no call): the walk was ~450
    calls on a page of 20 members, now about three per container."""
    if not data:
        return 0
    objects = 0
    pending: list[Any] = [data]
    while pending:
        container = pending.pop()
        for value in container.values() if isinstance(container, dict) else container:
            kind = type(value)
            if kind in _LEAVES:
                continue
            if kind is dict or isinstance(value, dict):
                objects += 1
                pending.append(value)
            elif kind is list or isinstance(value, list):
                pending.append(value)
    return objects


_LEAVES = frozenset({str, int, float, bool, type(None)})


class Charge(NamedTuple):
    """What a request was charged: whose bucket paid, the cost requested, the points left
    after, and whether it was refused instead (then it does not run)."""

    client: str
    requested: int
    available: float
    refused: bool


class QueryCostLimiter:
    """Refuses a query over `max_cost`, or one its client's bucket cannot pay, before it runs;
    charges the requested cost up front and gives back what was not used (transport/served.py
    calls `charge` before the operation runs and `settle` after). One per schema."""

    def __init__(self, *, throttle: Throttle, costs: RequestedCosts | None = None) -> None:
        self.throttle = throttle
        self.costs = costs

    async def charge(self, execution: Any, max_cost: int) -> Charge | None:
        """The charge for the operation about to run, within the client's `max_cost`; None
        for a subscription (or no document), which is not charged. A refusal is set as the
        execution's result."""
        if (
            execution.operation_type is OperationType.SUBSCRIPTION
            or execution.graphql_document is None
        ):
            return None
        client = execution.context.throttle_key
        schema, document = execution.schema._schema, execution.graphql_document
        name, variables = execution.operation_name, execution.variables
        requested = (
            self.costs.of(schema, execution.query, document, name, variables)
            if self.costs is not None and execution.query
            else requested_cost(schema, document, name, variables)
        )
        refusal, available = await self._refusal(client, requested, max_cost)
        if refusal is not None:
            execution.result = ExecutionResult(data=None, errors=[refusal])
            return Charge(client, requested, available, refused=True)
        execution.context.query_budget = self.throttle.budget(requested, available)
        return Charge(client, requested, available, refused=False)

    async def settle(self, execution: Any, charge: Charge) -> dict[str, Any]:
        """Once the operation ran: what was not used given back; the cost report."""
        requested, available = charge.requested, charge.available
        actual = min(requested, actual_cost(getattr(execution.result, "data", None)))
        if actual < requested:  # one round trip to the store when nothing is given back
            available = await self.throttle.give_back(
                execution.context.throttle_key, requested - actual
            )
        return self.report(requested, actual, available)

    async def _refusal(
        self, client: str, requested: int, max_cost: int
    ) -> tuple[UserError | None, float]:
        if requested > max_cost:
            return QueryTooCostly(
                f"This query could cost {requested} points, over the limit of {max_cost}: "
                "ask for fewer items per page (first/last) or fewer nested lists."
            ), await self.throttle.available(client)
        taken, available = await self.throttle.try_take(client, requested)
        if not taken:
            wait = self.throttle.seconds_until(requested, available)
            return RateLimited(
                f"Too many queries: this one costs {requested} points and you have "
                f"{available:.0f}; retry in {wait:.1f} s.",
                retry_after=wait,
            ), available
        return None, available

    def report(self, requested: int, actual: int, available: float) -> dict[str, Any]:
        return {
            "requestedQueryCost": requested,
            "actualQueryCost": actual,
            "throttleStatus": self.throttle.status(available),
        }
