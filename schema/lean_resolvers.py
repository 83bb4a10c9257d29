"""Resolvers called without Strawberry's wrapper, for fields with nothing to wrap them in.

Strawberry hands graphql-core, for every field with a resolver, a wrapper that builds an
`Info`, converts the arguments generically (schema/argument_conversion.py says what that
costs), runs the field's extension chain (a `reduce` of partials, empty or not) and, for an
async resolver, awaits it in one more coroutine: about fifteen Python calls a field before
the resolver runs. A field with no field extensions (permission classes are one), no exception
handlers and Strawberry's own `get_result` needs none of that: here its resolver is called
with its arguments converted by a plan made once, the `Info` built only when the resolver or
an input asks for it, and an async resolver's coroutine handed to graphql-core as it is.
Errors are the same: a conversion error of an async field is raised when it is awaited, as
Strawberry raises it inside its coroutine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLObjectType, GraphQLResolveInfo
from strawberry.schema.schema import Schema
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

from schema.argument_conversion import ArgumentConversion, ArgumentPlan, converted

Resolve = Callable[..., Any]


async def _raising(error: Exception) -> Any:
    raise error


def _lean(field: StrawberryField, plan: ArgumentPlan, hands_info: bool, schema: Schema) -> Resolve:
    resolver = field.base_resolver
    assert resolver is not None
    call: Callable[..., Any] = resolver.wrapped_func  # type: ignore[assignment]
    with_self = resolver.self_parameter is not None
    sources = tuple(
        parameter.name
        for parameter in (resolver.parent_parameter, resolver.root_parameter)
        if parameter is not None
    )
    info_name = resolver.info_parameter.name if resolver.info_parameter else None
    wants_info = hands_info or info_name is not None
    info_class = schema.config.info_class
    is_async = field.is_async

    def resolve(source: Any, info: GraphQLResolveInfo[Any], **args: Any) -> Any:
        strawberry_info = info_class(_raw_info=info, _field=field) if wants_info else None
        if plan:
            try:
                kwargs = converted(plan, args, strawberry_info)
            except Exception as error:
                if is_async:
                    return _raising(error)
                raise
        else:
            kwargs = {}
        for name in sources:
            kwargs[name] = source
        if info_name is not None:
            kwargs[info_name] = strawberry_info
        return call(source, **kwargs) if with_self else call(**kwargs)

    return resolve


def _leanable(field: Any, schema: Schema) -> StrawberryField | None:
    definition = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if type(definition) is not StrawberryField or definition.is_subscription:
        return None
    resolver = definition.base_resolver
    if resolver is None or not callable(resolver.wrapped_func):
        return None
    if definition.extensions or definition.permission_classes:
        return None
    if schema.schema_converter._get_field_exception_handlers(definition):
        return None
    return definition


def lean_resolvers(schema: Schema) -> None:
    """Call the resolver of every field with nothing around it directly (see the module)."""
    conversion = ArgumentConversion(schema.config, schema.schema_converter.scalar_registry)
    for graphql_type in schema._schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType) or graphql_type.name.startswith("__"):
            continue
        for field in graphql_type.fields.values():
            definition = _leanable(field, schema)
            if definition is not None and getattr(field.resolve, "_is_default", None) is False:
                plan, hands_info = conversion.plan(definition.arguments)
                field.resolve = _lean(definition, plan, hands_info, schema)
