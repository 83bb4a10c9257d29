"""Read records: a batch of keys is one statement text whatever its size; ORM rows convert;
records are values, and every domain's read records are built the cheap way."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

from sqlalchemy import select

from db.engine import Database
from db.organizations.models import OrganizationRow
from db.organizations.queries import OrganizationRecord, organizations_by_ids
from db.records import record_of, row_record
from db.statements import count_statements
from tests.factories import create_organization

ROOT = Path(__file__).resolve().parents[1]


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


@row_record
class _Place:
    id: int
    name: str
    path: str | None = None


def test_a_record_is_a_value_built_by_position() -> None:
    # given two records of the same values, one built by position as a read builds it
    first = _Place(*(7, "东城区", "/1/7/"))
    second = _Place(id=7, name="东城区", path="/1/7/")
    # then they are equal, hash alike, and hold their fields in slots, nothing else
    assert first == second
    assert hash(first) == hash(second)
    assert {first, second} == {first}
    assert not hasattr(first, "__dict__")
    assert dataclasses.replace(first, name="西城区").name == "西城区"


def _frozen_dataclasses_named_records(path: Path) -> list[str]:
    """Classes in `path` named like read records (`…Record`, `Listed…`) that are declared
    `@dataclass(frozen=True …)`: built through `object.__setattr__`, field by field."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.ClassDef):
            continue
        if not (node.name.endswith("Record") or node.name.startswith("Listed")):
            continue
        for decorator in node.decorator_list:
            if isinstance(decorator, ast.Call) and any(
                keyword.arg == "frozen"
                and isinstance(keyword.value, ast.Constant)
                and keyword.value.value is True
                for keyword in decorator.keywords
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    return found


def test_every_read_record_is_a_row_record() -> None:
    # given every module of db/, where a read builds a record for each row it reads
    modules = sorted((ROOT / "db").rglob("*.py"))
    # when their record classes are looked at
    frozen = [found for path in modules for found in _frozen_dataclasses_named_records(path)]
    # then none is a frozen dataclass: `@row_record` builds one ten times faster
    assert frozen == [], "declare these with db.records.row_record: " + ", ".join(frozen)
