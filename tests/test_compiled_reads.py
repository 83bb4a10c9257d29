"""Reads on the driver: SQLAlchemy's rows, its parameters, its statement listeners."""

from __future__ import annotations

from sqlalchemy import select

from db.base import core_table
from db.compiled_reads import compile_read, read_rows
from db.engine import Database
from db.organizations.models import OrganizationRow, PartyOrgKind
from db.organizations.queries import COLUMNS, OrganizationRecord
from db.statements import count_statements
from tests.factories import create_organization

_TABLE = core_table(OrganizationRow).c


async def test_a_read_on_the_driver_gives_the_rows_sqlalchemy_gives(database: Database) -> None:
    # given organisations with enums, times and coordinates
    async with database.transaction() as session:
        root = await create_organization(session, longitude=120.1, latitude=30.2)
        await create_organization(session, root)
    query = select(*COLUMNS).where(_TABLE.path.startswith(root.path)).order_by(_TABLE.id)
    # when they are read on the driver and through SQLAlchemy
    async with database.read() as connection:
        on_driver = [OrganizationRecord(*row) for row in await read_rows(connection, query)]
        through_sqlalchemy = [OrganizationRecord(*row) for row in await connection.execute(query)]
    # then the records are equal, typed values included
    assert on_driver == through_sqlalchemy
    assert len(on_driver) == 2
    assert isinstance(on_driver[0].kind, PartyOrgKind)
    assert on_driver[0].created_at.tzinfo is not None


async def test_statements_of_one_shape_each_read_their_own_values(database: Database) -> None:
    # given two organisations
    async with database.transaction() as session:
        first = await create_organization(session)
        second = await create_organization(session)
    # when the same select is built for each (one compiled shape, two literal values)
    async with database.read() as connection:
        found = [
            await read_rows(connection, select(_TABLE.id).where(_TABLE.id == row.id))
            for row in (first, second)
        ]
    # then each finds its own
    assert [[row[0] for row in rows] for rows in found] == [[first.id], [second.id]]


async def test_an_in_list_is_expanded_for_each_length(database: Database) -> None:
    # given three organisations
    async with database.transaction() as session:
        rows = [await create_organization(session) for _ in range(3)]
    ids = [row.id for row in rows]
    # when lists of one and three keys are read
    async with database.read() as connection:
        found = [
            await read_rows(
                connection, select(_TABLE.id).where(_TABLE.id.in_(ids[:n])).order_by(_TABLE.id)
            )
            for n in (1, 3)
        ]
    # then each finds exactly its keys
    assert [[row[0] for row in batch] for batch in found] == [ids[:1], ids]


async def test_a_statement_on_the_driver_is_counted(database: Database) -> None:
    # given a select compiled once
    async with database.transaction() as session:
        row = await create_organization(session)
    read = compile_read(select(_TABLE.name).where(_TABLE.id == row.id), database.engine.dialect)
    # when it runs twice while statements are counted
    with count_statements(database.engine) as statements:
        async with database.read() as connection:
            answers = [await read.rows(connection), await read.rows(connection)]
    # then both statements were seen, and both answered
    assert len(statements) == 2
    assert [[tuple(found) for found in answer] for answer in answers] == [[(row.name,)]] * 2


async def test_a_read_inside_a_transaction_sees_its_uncommitted_writes(
    database: Database,
) -> None:
    # given a transaction that has written an organisation and not committed
    async with database.transaction() as session:
        row = await create_organization(session)
        # when it reads the organisation back
        found = await read_rows(session, select(_TABLE.id).where(_TABLE.id == row.id))
        # then it finds it (the read kept the transaction's own path)
        assert [tuple(found_row) for found_row in found] == [(row.id,)]
