"""Input objects built straight from graphql-core's coerced values.

graphql-core has already coerced an input's fields (scalars parsed, enums to their members,
published defaults filled in), and for an input whose fields are all leaves that is all there is
to do; Strawberry's generic conversion still re-derives every field's type per value, which
cost a gateway's batch of readings about a tenth of its CPU. `flat_input` marks such an input
so it is built by one constructor call instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from strawberry.schema.name_converter import NameConverter
from strawberry.types.arguments import InputContext
from strawberry.types.base import get_object_definition

Input = TypeVar("Input", bound=type)


def flat_input(cls: Input) -> Input:
    """For a `@strawberry.input` class whose fields are all scalars or enums (a test checks)."""
    definition = get_object_definition(cls, strict=True)
    names: dict[NameConverter, tuple[tuple[str, str], ...]] = {}  # per schema's converter

    def build(kind: type, value: Mapping[str, Any], context: InputContext) -> Any:
        converter = context.config.name_converter
        if converter not in names:
            names[converter] = tuple(
                (converter.from_field(field), field.python_name) for field in definition.fields
            )
        pairs = names[converter]
        return kind(**{python: value[graphql] for graphql, python in pairs if graphql in value})

    definition.from_input = build
    return cls
