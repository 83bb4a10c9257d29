"""Read statements compiled once and run on the driver, below SQLAlchemy's execution layer.

SQLAlchemy's `execute` costs about 300 Python calls a statement beyond the driver's own work:
a cache key, a compiled-cache lookup, an execution context, the greenlet bridge, a cursor
adapter and result metadata. A read of frozen records needs none of it: the SQL text, the
order of its parameters and what turns each column into its Python value (an enum, a
timezone-aware time) are fixed once a statement is compiled for a dialect. `CompiledRead`
keeps exactly that and sends the text to asyncpg or aiosqlite directly.

Behaviour is SQLAlchemy's: parameters are built by the compiled statement (`construct_params`
and its bind processors, expanding IN lists included), results pass the column types' own
result processors (on PostgreSQL chosen by the column's type oid, as SQLAlchemy's cursor
does), and listeners of `before_cursor_execute` (`db/statements.py` counting a request's
statements) still see every statement. Writes, and reads inside a writer's session, keep
SQLAlchemy's path.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any, TypeGuard, cast

from sqlalchemy import Enum, Executable, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql.compiler import SQLCompiler

Rows = Sequence[Sequence[Any]]
Processor = Callable[[Any], Any]

# Distinct statement shapes kept compiled (a list's filters make a shape each).
MAX_COMPILED_SHAPES = 500


class CompiledRead:
    """One statement compiled for one dialect, run with its parameters on a driver connection."""

    def __init__(self, statement: Executable, compiled: SQLCompiler) -> None:
        self._statement = statement
        self._compiled = compiled
        self._expands = bool(compiled.literal_execute_params or compiled.post_compile_params)
        # (position, lookup) of the enum columns and (position, processor) of the others that
        # need one; None until the first fetch.
        self._processors: _Processors | None = None
        self._chosen = False

    def _arguments(
        self, parameters: Mapping[str, Any] | None, extracted: Sequence[Any] | None
    ) -> tuple[str, list[Any]]:
        compiled = self._compiled
        constructed = compiled.construct_params(
            parameters, extracted_parameters=extracted, escape_names=False
        )
        values: Mapping[str, Any] = constructed
        processors: Mapping[str, Any] = compiled._bind_processors  # one processor a name
        sql = compiled.string
        names: Sequence[str] | None = compiled.positiontup
        if self._expands:
            expanded = compiled._process_parameters_for_postcompile(constructed)
            sql, names, values = expanded.statement, expanded.positiontup, expanded.parameters
            processors = {**processors, **expanded.processors}
        assert names is not None  # both drivers take positional parameters
        return sql, [
            processors[name](values[name]) if name in processors else values[name] for name in names
        ]

    def _choose_processors(self, dialect: Dialect, column_types: Sequence[Any]) -> None:
        lookups: list[tuple[int, Mapping[Any, Any]]] = []
        processors: list[tuple[int, Processor]] = []
        columns = self._compiled._result_columns
        for at, (column, column_type) in enumerate(zip(columns, column_types, strict=True)):
            chosen = _result_processor(column.type, dialect, column_type)
            if isinstance(chosen, _EnumLookup):
                lookups.append((at, chosen))
            elif chosen is not None:
                processors.append((at, chosen))
        self._processors = (lookups, processors) if lookups or processors else None
        self._chosen = True

    async def rows(
        self,
        connection: AsyncConnection | AsyncSession,
        parameters: Mapping[str, Any] | None = None,
    ) -> Rows:
        if not _on_driver(connection):
            return (await connection.execute(self._statement, parameters)).all()
        return await self._fetch(connection, parameters, None)

    async def _fetch(
        self,
        connection: AsyncConnection,
        parameters: Mapping[str, Any] | None,
        extracted: Sequence[Any] | None,
    ) -> Rows:
        sql, arguments = self._arguments(parameters, extracted)
        sync = connection.sync_connection
        assert sync is not None  # a connection on the driver (_on_driver)
        if sync._has_events or sync.engine._has_events:  # as SQLAlchemy's execute asks
            for listener in sync.dispatch.before_cursor_execute:
                listener(sync, None, sql, arguments, None, False)
        # The pool's connection holds the driver's adapted: two lookups, not the record's four.
        raw: Any = cast(Any, sync.connection).dbapi_connection.driver_connection
        dialect = sync.dialect
        if dialect.name == "postgresql":
            if not self._chosen:
                prepared = await raw.prepare(sql)
                self._choose_processors(
                    dialect, [attribute.type.oid for attribute in prepared.get_attributes()]
                )
            found: Rows = await raw.fetch(sql, *arguments)
        else:
            found = list(await raw.execute_fetchall(sql, arguments))
            if not self._chosen:
                self._choose_processors(dialect, [None] * len(self._compiled._result_columns))
        if self._processors is None:
            return found
        lookups, processors = self._processors
        converted = []
        for row in found:
            values = list(row)
            for at, lookup in lookups:
                values[at] = lookup[values[at]]
            for at, process in processors:
                values[at] = process(values[at])
            converted.append(values)
        return converted


_Processors = tuple[Sequence[tuple[int, Mapping[Any, Any]]], Sequence[tuple[int, Processor]]]


class _EnumLookup(dict[Any, Any]):
    """An enum column's members by the values the driver gives, read by subscript rather
    than by the two Python calls of SQLAlchemy's processor; a value that is none of them
    raises SQLAlchemy's own LookupError."""

    def __init__(self, enum_type: Enum) -> None:
        super().__init__(enum_type._object_lookup)
        self._unknown: Processor = enum_type._object_value_for_elem

    def __missing__(self, value: Any) -> Any:
        return self._unknown(value)


def _result_processor(
    column_type: Any, dialect: Dialect, driver_type: Any
) -> _EnumLookup | Processor | None:
    """What SQLAlchemy's cursor would turn a column's values with, in fewer Python calls where
    that is the same: an enum (whose string type processes nothing) by a lookup, and a type
    decorator whose inner type processes nothing by its `process_result_value` alone."""
    implemented = column_type.dialect_impl(dialect)
    if (
        isinstance(implemented, Enum)
        and type(implemented).result_processor is Enum.result_processor
        and super(Enum, implemented).result_processor(dialect, driver_type) is None
    ):
        return _EnumLookup(implemented)
    if (
        isinstance(implemented, TypeDecorator)
        and type(implemented).result_processor is TypeDecorator.result_processor
        and implemented._has_result_processor
        and implemented.impl_instance.result_processor(dialect, driver_type) is None
    ):
        return partial(implemented.process_result_value, dialect=dialect)
    return cast(Processor | None, column_type._cached_result_processor(dialect, driver_type))


def _on_driver(connection: AsyncConnection | AsyncSession) -> TypeGuard[AsyncConnection]:
    """A bare connection resting in autocommit (a request's reads): in a transaction,
    SQLAlchemy's adapter owns BEGIN, so statements there keep its path."""
    if isinstance(connection, AsyncSession):
        return False
    sync = connection.sync_connection
    return sync is not None and sync._is_autocommit_isolation()


def dialect_of(connection: AsyncConnection) -> Dialect:
    """`connection.dialect` without the async proxy's two calls."""
    sync = connection.sync_connection
    return connection.dialect if sync is None else sync.dialect


def compile_read(statement: Executable, dialect: Dialect) -> CompiledRead:
    """A statement whose values are all parameters (or fixed), compiled once for `dialect`."""
    compiled = cast(Any, statement).compile(dialect=dialect)
    return CompiledRead(statement, cast(SQLCompiler, compiled))


_shapes: dict[Any, CompiledRead] = {}


async def read_rows(
    connection: AsyncConnection | AsyncSession,
    statement: Executable,
    parameters: Mapping[str, Any] | None = None,
) -> Rows:
    """The rows of a select built anew for each call (a list with its filters and slice).

    Statements of one shape share their compiled form, found by SQLAlchemy's own cache key
    (which also extracts this call's literal values), as SQLAlchemy's compiled cache does."""
    if not _on_driver(connection):
        return (await connection.execute(statement, parameters)).all()
    built: Any = statement  # every select has a cache key; Executable does not say so
    key = built._generate_cache_key()
    if key is None:
        return (await connection.execute(statement, parameters)).all()
    dialect = dialect_of(connection)
    shape = (dialect.name, key.key)
    read = _shapes.get(shape)
    if read is None:
        if len(_shapes) >= MAX_COMPILED_SHAPES:
            del _shapes[next(iter(_shapes))]
        compiled = cast(SQLCompiler, built.compile(dialect=dialect, cache_key=key))
        read = _shapes[shape] = CompiledRead(statement, compiled)
    return await read._fetch(connection, parameters, key[1])
