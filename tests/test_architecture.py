"""The import direction of docs/architecture.md, checked on the code itself (AST).

Every import counts, at the top of a module or inside a function (a lazy
import that closes a cycle is still a cycle); only ``if TYPE_CHECKING:``
blocks, which never run, are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

import genai_catalog

PACKAGE = Path(genai_catalog.__file__).parent
CLI_LIBRARIES = {"typer", "click", "rich"}

# What each part of the library may import (besides itself and the standard
# library). The CLI may import anything; nothing may import the CLI.
ALLOWED: dict[str, set[str]] = {
    "version": set(),
    "errors": set(),
    "collector": set(),
    "forks": set(),
    "buffers": set(),
    "text": set(),
    "model": {"errors"},
    "paths": {"errors", "model"},
    "net": {"errors", "paths", "version"},
    "links": {"model"},
    "duplicates": {"graph", "links", "model", "search"},
    # Growing a catalog from outside: the network, the catalog it adds to, its records' rules.
    "importers": {
        "catalog",
        "drafts",
        "errors",
        "files",
        "links",
        "model",
        "net",
        "paths",
        "search",
    },
    "files": {"errors", "forks", "model", "paths"},
    "graph": {"buffers", "model"},
    "search": {"buffers", "errors", "graph", "model"},
    "columns": {"buffers", "model"},
    "query": {"columns", "errors", "graph", "model"},
    "lineage": {"errors", "graph", "model", "query"},
    "cache": {"buffers", "columns", "errors", "files", "graph", "model", "search", "version"},
    "state": {"errors", "files", "model", "paths"},
    "lists": {"errors", "graph", "model"},
    "catalog": {
        "cache",
        "collector",
        "drafts",
        "errors",
        "files",
        "forks",
        "graph",
        "lineage",
        "lists",
        "model",
        "paths",
        "query",
        "search",
        "state",
    },
    "drafts": {"errors", "files", "model"},
    "exporters": {
        "columns",
        "errors",
        "files",
        "graph",
        "lineage",
        "model",
        "search",
        "text",
        "version",
    },
    "__init__": {"catalog", "errors", "paths", "version"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _runtime_nodes(tree: ast.Module) -> list[ast.AST]:
    """Every node except the bodies of ``if TYPE_CHECKING:``."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    return [node for node in ast.walk(tree) if id(node) not in skipped]


def imports_of(name: str) -> set[str]:
    """The modules (ours and others') that module ``name`` imports at run time."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            for alias in node.names:
                child = f"{base}.{alias.name}"
                found.add(child if child in MODULES else base)
    return found


def part(name: str) -> str:
    """The part of the library a module belongs to: 'genai_catalog.cache.codec' -> 'cache'."""
    pieces = name.split(".")
    return pieces[1] if len(pieces) > 1 else "__init__"


def test_no_import_cycle_anywhere() -> None:
    graph = {name: {m for m in imports_of(name) if m in MODULES} for name in MODULES}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_the_library_never_imports_the_cli_or_its_libraries() -> None:
    offenders = {
        name: sorted(
            m
            for m in imports_of(name)
            if m.split(".")[0] in CLI_LIBRARIES or m.startswith("genai_catalog.cli")
        )
        for name in MODULES
        if part(name) != "cli"
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_each_part_imports_only_what_the_architecture_allows() -> None:
    assert set(ALLOWED) | {"cli"} >= {part(name) for name in MODULES}, "a new part needs a rule"
    wrong = {}
    for name in MODULES:
        if part(name) == "cli":
            continue
        ours = {part(m) for m in imports_of(name) if m.startswith("genai_catalog")}
        extra = ours - ALLOWED[part(name)] - {part(name)}
        if extra:
            wrong[name] = sorted(extra)
    assert wrong == {}


def test_the_walk_sees_lazy_imports() -> None:
    """The checks above would be empty words if imports inside functions were missed."""
    assert "genai_catalog.catalog" in imports_of("genai_catalog")  # inside open_catalog()
    assert "rapidfuzz" in imports_of("genai_catalog.errors")
