"""A field's arguments converted as Strawberry converts them, with the work done once.

graphql-core hands a resolver its arguments coerced (scalars parsed, enums to their members,
defaults filled in) and keyed by GraphQL name. Strawberry's `convert_arguments` then walks
every argument's type per request: the name converted anew, the annotation resolved, leaf and
generic checks, one recursive call per level of every input value (about 30 Python calls for
a connection's few arguments). Here each argument's conversion is worked out once per field:
a leaf passes through, a list of leaves is copied, an input object is one constructor call
with its fields converted the same way. What this does not know (GlobalID, `Maybe`, an input
with its own `from_input`, anything unsupported) is handed to Strawberry's `convert_argument`,
so its values and errors are Strawberry's own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import MISSING
from typing import Any

from strawberry.relay.types import GlobalID
from strawberry.schema.config import StrawberryConfig
from strawberry.types.arguments import (
    InputContext,
    StrawberryArgument,
    _is_leaf_type,
    _is_optional_leaf_type,
    convert_argument,
)
from strawberry.types.base import (
    StrawberryList,
    StrawberryMaybe,
    StrawberryOptional,
    StrawberryType,
    has_object_definition,
)
from strawberry.types.enum import has_enum_definition
from strawberry.types.info import Info
from strawberry.types.lazy_type import LazyType
from strawberry.types.unset import UNSET

Path = tuple[str | int, ...]
Convert = Callable[[Any, Info | None, Path], Any]
"""A value's conversion, given the request's Info (for inputs that build themselves) and the
value's place in the arguments."""

ArgumentPlan = tuple[tuple[str, str, Convert | None], ...]
"""Per argument: its GraphQL name, the resolver's parameter name, and its conversion (None:
the coerced value as it is)."""


class ArgumentConversion:
    """Conversions of one schema's types (its name converter and scalars), each built once."""

    def __init__(self, config: StrawberryConfig, scalar_registry: Mapping[object, Any]) -> None:
        self._config = config
        self._scalars = scalar_registry
        self._inputs: dict[object, Convert] = {}
        self._input_hands_info: dict[object, bool] = {}  # not yet there while being built
        self._hands_info = False

    def plan(self, arguments: Sequence[StrawberryArgument]) -> tuple[ArgumentPlan, bool]:
        """A field's arguments, in the resolver's order, as `convert_arguments` takes them,
        and whether their conversion needs the request's Info."""
        self._hands_info = False
        plan = []
        for argument in arguments:
            assert argument.python_name
            name = self._config.name_converter.from_argument(argument)
            plan.append((name, argument.python_name, self.of(argument.type)))
        return tuple(plan), self._hands_info

    def of(self, type_: StrawberryType | type) -> Convert | None:
        """The conversion of a value of `type_`, or None when it is the value itself."""
        if isinstance(type_, StrawberryMaybe):
            return self._strawberrys(type_)
        if isinstance(type_, StrawberryOptional):  # None stays None at every level
            return self.of(type_.of_type)
        if isinstance(type_, StrawberryList):
            return self._list(type_)
        if _is_leaf_type(type_, self._scalars):
            return self._strawberrys(type_) if type_ is GlobalID else None
        if isinstance(type_, LazyType):
            return self.of(type_.resolve_type())
        if has_enum_definition(type_):
            return None
        if has_object_definition(type_):
            return self._input(type_)
        return self._strawberrys(type_)  # raises Strawberry's UnsupportedTypeError per value

    def _strawberrys(self, type_: StrawberryType | type) -> Convert:
        """Strawberry's own conversion of `type_`."""
        self._hands_info = True
        config, scalars = self._config, self._scalars

        def convert(value: Any, info: Info | None, path: Path) -> Any:
            return convert_argument(value, type_, scalars, config, info, path=path)

        return convert

    def _list(self, type_: StrawberryList) -> Convert:
        of_type = type_.of_type
        skip = (GlobalID,)
        item = (
            None
            if _is_leaf_type(of_type, self._scalars, skip)
            or _is_optional_leaf_type(of_type, self._scalars, skip)
            else self.of(of_type)
        )
        if item is None:  # copied: graphql-core shares a default value between requests

            def copy(value: Any, info: Info | None, path: Path) -> Any:
                return value if value is None or value is UNSET else list(value)

            return copy

        def convert(value: Any, info: Info | None, path: Path) -> Any:
            if value is None or value is UNSET:
                return value
            return [item(x, info, (*path, index)) for index, x in enumerate(value)]

        return convert

    def _input(self, type_: Any) -> Convert:
        known = self._inputs.get(type_)
        if known is not None:  # an input being built (holding itself) is taken to need Info
            self._hands_info |= self._input_hands_info.get(type_, True)
            return known
        definition = type_.__strawberry_definition__
        if definition.from_input is not None:
            return self._built_by_itself(type_)
        defaults = (
            {
                field.python_name: None
                for field in definition.fields
                if field.default_value is MISSING and field.default_factory is MISSING
            }
            if definition.is_input
            else {}
        )
        fields: list[tuple[str, str, Convert | None]] = []

        def convert(value: Any, info: Info | None, path: Path) -> Any:
            if value is None or value is UNSET:
                return value
            kwargs = defaults.copy()
            for graphql, python, field_conversion in fields:
                if graphql in value:
                    field_value = value[graphql]
                    kwargs[python] = (
                        field_value
                        if field_conversion is None
                        else field_conversion(field_value, info, (*path, graphql))
                    )
            return type_(**kwargs)

        self._inputs[type_] = convert  # before its fields: an input may hold itself
        outer, self._hands_info = self._hands_info, False
        for field in definition.fields:
            field_type = field.resolve_type(type_definition=definition)
            graphql = self._config.name_converter.from_field(field)
            fields.append((graphql, field.python_name, self.of(field_type)))
        self._input_hands_info[type_] = self._hands_info
        self._hands_info |= outer
        return convert

    def _built_by_itself(self, type_: Any) -> Convert:
        """An input with its own `from_input`, handed what Strawberry would hand it."""
        self._hands_info = True
        from_input = type_.__strawberry_definition__.from_input
        config, scalars = self._config, self._scalars

        def convert(value: Any, info: Info | None, path: Path) -> Any:
            if value is None or value is UNSET:
                return value
            return from_input(type_, value, InputContext(info, config, scalars, path))

        self._inputs[type_] = convert
        self._input_hands_info[type_] = True
        return convert


def converted(plan: ArgumentPlan, args: Mapping[str, Any], info: Info | None) -> dict[str, Any]:
    """The resolver's keyword arguments from graphql-core's coerced `args`."""
    kwargs = {}
    for graphql, python, conversion in plan:
        if graphql in args:
            value = args[graphql]
            kwargs[python] = value if conversion is None else conversion(value, info, (graphql,))
    return kwargs
