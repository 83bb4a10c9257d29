"""The layering holds: data flows down, SQL lives only in db/, packages import one another one
way. Read from the source with `ast` (every import counts, those under TYPE_CHECKING and inside
functions too), so nothing has to be imported to be checked."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The application's packages (its layers and rooms) and server.py; tests/, bench/ and
# migrations/ (Alembic's own history of the tables) are tools around it.
PACKAGES = (
    *("db", "subscriptions", "resolvers", "schema", "transport", "jobs", "generators"),
    *("screen", "server"),
)

# What each package must not import (data flows down: schema → resolvers → db, resolvers →
# subscriptions → db; transport serves the schema; jobs and generators sit beside the top).
FORBIDDEN = {
    "db": {"subscriptions", "resolvers", "schema", "transport", "jobs", "generators", "screen"},
    "subscriptions": {"resolvers", "schema", "transport", "jobs", "generators", "screen"},
    "resolvers": {"schema", "transport", "jobs", "generators", "screen"},
    "schema": {"transport", "server", "jobs", "generators", "screen"},
    "transport": {"jobs", "generators", "screen"},
    "jobs": {"schema", "transport", "screen"},
    "generators": {"subscriptions", "schema", "transport", "jobs", "screen"},
    "screen": {"db", "subscriptions", "resolvers", "schema", "transport", "jobs", "generators"},
}
for name in FORBIDDEN:
    FORBIDDEN[name].add("server")  # the app imports everything; nothing imports the app

# Imports that cross a line above, each needed for now and said why (none today).
ALLOWED_IMPORTS: set[tuple[str, str]] = set()

# Modules directly in a layer serve the whole layer, so they import none of its domains;
# except those that assemble the layer from its domains, which no domain imports back.
ASSEMBLIES = {
    "db/bulk.py",
    "db/models.py",
    "db/moves.py",
    "resolvers/loaders.py",
    "schema/build.py",
    "schema/node.py",
}
ALLOWED_DOMAIN_IMPORTS = {
    # Services holds each domain's settings (petitions, stations) and the accounts' token
    # service and viewer cache: where every resolver finds its process-wide collaborators.
    ("resolvers/context.py", "resolvers.accounts"),
    ("resolvers/context.py", "resolvers.petitions"),
    ("resolvers/context.py", "resolvers.stations"),
    # A viewer comes from a token or an API key: the keys' check, settings and use counts.
    ("resolvers/context.py", "resolvers.apikeys"),
}
# GraphQL types refer to each other both ways: an organisation's statistics count its members
# by stage (MemberStatus), a member's branch is an Organization. Breaking it takes lazy
# types (strawberry.lazy) in the schema types being rewritten on the read side.
ALLOWED_DOMAIN_CYCLES = {frozenset({"schema.members", "schema.organizations"})}

SESSION_METHODS = {"execute", "scalar", "scalars", "stream_scalars"}


@dataclass(frozen=True, slots=True)
class Import:
    module: str  # the importing module's path, e.g. "resolvers/changes.py"
    target: str  # the imported module, e.g. "db.events.log"
    line: int


def _modules() -> Iterator[Path]:
    for package in PACKAGES:
        if package == "server":
            yield ROOT / "server.py"
        else:
            yield from sorted((ROOT / package).rglob("*.py"))


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@cache
def _imports() -> tuple[Import, ...]:
    found = []
    for path in _modules():
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                targets = [node.module]
            else:
                continue
            found += [Import(_name(path), target, node.lineno) for target in targets]
    return tuple(found)


def _package(module: str) -> str:
    return module.split("/")[0].removesuffix(".py")


def _top(target: str) -> str:
    return target.split(".")[0]


def _own(imported: Import) -> bool:
    return _top(imported.target) in PACKAGES


def test_no_package_imports_a_package_above_it() -> None:
    upward = [
        f"{imported.module}:{imported.line} imports {imported.target}"
        for imported in _imports()
        if _own(imported)
        and _top(imported.target) in FORBIDDEN.get(_package(imported.module), set())
        and (imported.module, imported.target) not in ALLOWED_IMPORTS
    ]
    assert upward == []


def _sql_constructs(path: Path) -> Iterator[str]:
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module]
            if any(name and _top(name) == "sqlalchemy" for name in names):
                yield f"line {node.lineno}: imports sqlalchemy"
        elif isinstance(node, ast.Call):
            called = node.func
            if isinstance(called, ast.Name) and called.id == "text":
                yield f"line {node.lineno}: text(…)"
            elif isinstance(called, ast.Attribute):
                owner = called.value
                on_session = (isinstance(owner, ast.Name) and owner.id == "session") or (
                    isinstance(owner, ast.Attribute) and owner.attr == "session"
                )
                # a GraphQL schema's `execute` is not a statement
                on_schema = isinstance(owner, ast.Attribute) and owner.attr == "schema"
                if (called.attr in SESSION_METHODS and not on_schema) or on_session:
                    yield f"line {node.lineno}: .{called.attr}(…)"


def test_sql_lives_only_in_db() -> None:
    outside = [
        f"{_name(path)} {construct}"
        for path in _modules()
        if _package(_name(path)) != "db"
        for construct in _sql_constructs(path)
    ]
    assert outside == []


def _cycles(edges: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for successor in edges.get(node, ()):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(component)

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_between_packages() -> None:
    # The allowed upward imports are left out: each is a known exception, said above.
    edges: dict[str, set[str]] = {}
    for imported in _imports():
        source, target = _package(imported.module), _top(imported.target)
        allowed = (imported.module, imported.target) in ALLOWED_IMPORTS
        if _own(imported) and source != target and not allowed:
            edges.setdefault(source, set()).add(target)
    assert _cycles(edges) == []


def _domain(module: str) -> str | None:
    """`resolvers.petitions` for resolvers/petitions/workflow.py; None for a module directly in
    a package (or for server.py)."""
    parts = module.removesuffix(".py").replace("/", ".").split(".")
    return ".".join(parts[:2]) if len(parts) > 2 else None


def _domain_of_target(target: str) -> str | None:
    parts = target.split(".")
    if len(parts) < 2 or not (ROOT / parts[0] / parts[1]).is_dir():
        return None
    return ".".join(parts[:2])


def test_no_import_cycles_between_the_domains_of_a_layer() -> None:
    edges: dict[str, set[str]] = {}
    for imported in _imports():
        source, target = _domain(imported.module), _domain_of_target(imported.target)
        if source and target and source != target and _top(source) == _top(target):
            edges.setdefault(source, set()).add(target)
    cycles = [frozenset(cycle) for cycle in _cycles(edges)]
    assert [cycle for cycle in cycles if cycle not in ALLOWED_DOMAIN_CYCLES] == []


def test_modules_that_serve_a_whole_layer_import_none_of_its_domains() -> None:
    found = {
        (imported.module, domain)
        for imported in _imports()
        if imported.module not in ASSEMBLIES
        and _domain(imported.module) is None
        and (domain := _domain_of_target(imported.target)) is not None
        and _top(domain) == _package(imported.module)
    }
    assert sorted(found - ALLOWED_DOMAIN_IMPORTS) == []


def test_no_domain_imports_the_modules_that_assemble_its_layer() -> None:
    assembling = {module.removesuffix(".py").replace("/", ".") for module in ASSEMBLIES}
    found = [
        f"{imported.module}:{imported.line} imports {imported.target}"
        for imported in _imports()
        if _domain(imported.module) is not None
        and imported.target in assembling
        and _top(imported.target) == _package(imported.module)
    ]
    assert found == []
