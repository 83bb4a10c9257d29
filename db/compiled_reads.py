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
from typing import Any, cast

from sqlalchemy import Executable
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql.compiler import SQLCompiler

Rows = Sequence[Sequence[Any]]

# Distinct statement shapes kept compiled (a list's filters make a shape each).
MAX_COMPILED_SHAPES = 500


class CompiledRead:
    """One statement compiled for one dialect, run with its parameters on a driver connection."""

    def __init__(self, statement: Executable, compiled: SQLCompiler) -> None:
        self._statement = statement
        self._compiled = compiled
        self._expands = bool(compiled.literal_execute_params or compiled.post_compile_params)
        # (position, processor) of the columns that need one; None until the first fetch.
        self._processors: Sequence[tuple[int, Callable[[Any], Any]]] | None = None

    def _arguments(
        self, parameters: Mapping[str, Any] | None, extracted: Sequence[Any] | None
    ) -> tuple[str, list[Any]]:
        compiled = self._compiled
        constructed = compiled.construct_params(
            parameters, extracted_parameters=extracted, escape_names=False
        )
        values: Mapping[str, Any] = constructed
        processors = cast(Mapping[str, Callable[[Any], Any]], compiled._bind_processors)
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
        columns = self._compiled._result_columns
        chosen = [
            column.type._cached_result_processor(dialect, column_type)
            for column, column_type in zip(columns, column_types, strict=True)
        ]
        self._processors = [(at, process) for at, process in enumerate(chosen) if process]

    async def rows(
        self,
        connection: AsyncConnection | AsyncSession,
        parameters: Mapping[str, Any] | None = None,
    ) -> Rows:
        if not _on_driver(connection):
            return (await connection.execute(self._statement, parameters)).all()
        return await self._fetch(cast(AsyncConnection, connection), parameters, None)

    async def _fetch(
        self,
        connection: AsyncConnection,
        parameters: Mapping[str, Any] | None,
        extracted: Sequence[Any] | None,
    ) -> Rows:
        sql, arguments = self._arguments(parameters, extracted)
        sync = cast(Connection, connection.sync_connection)
        listeners = sync.dispatch.before_cursor_execute
        if listeners:
            for listener in listeners:
                listener(sync, None, sql, arguments, None, False)
        raw: Any = sync.connection.driver_connection
        dialect = connection.dialect
        if dialect.name == "postgresql":
            if self._processors is None:
                prepared = await raw.prepare(sql)
                self._choose_processors(
                    dialect, [attribute.type.oid for attribute in prepared.get_attributes()]
                )
            found: Rows = await raw.fetch(sql, *arguments)
        else:
            found = list(await raw.execute_fetchall(sql, arguments))
            if self._processors is None:
                self._choose_processors(dialect, [None] * len(self._compiled._result_columns))
        processors = self._processors
        if not processors:
            return found
        converted = []
        for row in found:
            values = list(row)
            for at, process in processors:
                values[at] = process(values[at])
            converted.append(values)
        return converted


def _on_driver(connection: AsyncConnection | AsyncSession) -> bool:
    """A bare connection resting in autocommit (a request's reads): in a transaction,
    SQLAlchemy's adapter owns BEGIN, so statements there keep its path."""
    if isinstance(connection, AsyncSession):
        return False
    sync = connection.sync_connection
    return sync is not None and sync._is_autocommit_isolation()


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
    key = cast(Any, statement)._generate_cache_key() if _on_driver(connection) else None
    if key is None:
        return (await connection.execute(statement, parameters)).all()
    connection = cast(AsyncConnection, connection)
    dialect = connection.dialect
    shape = (dialect.name, key.key)
    read = _shapes.get(shape)
    if read is None:
        if len(_shapes) >= MAX_COMPILED_SHAPES:
            del _shapes[next(iter(_shapes))]
        compiled = cast(SQLCompiler, cast(Any, statement).compile(dialect=dialect, cache_key=key))
        read = _shapes[shape] = CompiledRead(statement, compiled)
    return await read._fetch(connection, parameters, key[1])
