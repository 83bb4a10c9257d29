"""Read records: a batch of keys is one statement text whatever its size; ORM rows convert."""

from __future__ import annotations

from sqlalchemy import select

from db.engine import Database
from db.organizations.models import OrganizationRow
from db.organizations.queries import OrganizationRecord, organizations_by_ids
from db.records import record_of
from db.statements import count_statements
from tests.factories import create_organization


async def test_a_batch_of_keys_is_one_statement_text_whatever_its_size(
    database: Database,
) -> None:
    # given fifty organisations
    async with database.transaction() as session:
        root = await create_organization(session)
        children = [await create_organization(session, root) for _ in range(49)]
    ids = [root.id, *(child.id for child in children)]
    # when batches of 1, 7 and 50 keys are read
    with count_statements(database.engine) as statements:
        async with database.read() as connection:
            found = [await organizations_by_ids(connection, ids[:n]) for n in (1, 7, 50)]
    # then each finds its organisations, with one statement each, the same text on PostgreSQL
    assert [sorted(batch) for batch in found] == [sorted(ids[:n]) for n in (1, 7, 50)]
    assert len(statements) == 3
    if not database.is_sqlite:
        assert len(set(statements)) == 1


async def test_a_missing_key_is_left_out_of_the_answer(database: Database) -> None:
    # given one organisation
    async with database.transaction() as session:
        row = await create_organization(session)
    # when it is read with a key that names nothing
    async with database.read() as connection:
        found = await organizations_by_ids(connection, [row.id, row.id + 1000])
    # then only the organisation is there
    assert list(found) == [row.id]


async def test_a_record_of_an_orm_row_holds_what_a_read_of_it_holds(database: Database) -> None:
    # given an organisation written through the ORM
    async with database.transaction() as session:
        written = await create_organization(session, name="东城区", longitude=120.1, latitude=30.2)
    async with database.session() as session:
        row = await session.scalar(select(OrganizationRow).where(OrganizationRow.id == written.id))
    assert row is not None
    # when it becomes a record, and when it is read as one
    converted = record_of(OrganizationRecord, row)
    async with database.read() as connection:
        read = (await organizations_by_ids(connection, [written.id]))[written.id]
    # then both are the same record
    assert converted == read
    assert read.name == "东城区"
