"""Fail on an import cycle among the project's own modules (issue 19; run by the tests).

Every import counts, at the top of a module or inside a function (a lazy import still ties two
modules together: a reader has to hold both to follow either), except those under
``if TYPE_CHECKING:``, which never run. A package's ``__init__`` is a module like any other.

    python scripts/import_cycles.py      # prints each cycle and exits 1, or exits 0
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("main", "services", "commands", "gui", "diagnosis", "storage")


def modules(root: Path = ROOT, packages: tuple[str, ...] = PACKAGES) -> dict[str, Path]:
    """Every module of ``packages`` (a folder or a single ``name.py``) under ``root``."""
    found: dict[str, Path] = {}
    for top in packages:
        single = root / f"{top}.py"
        if single.is_file():
            found[top] = single
            continue
        for path in sorted((root / top).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from (n for child in node.orelse for n in _imports_in(child))
            continue
        yield from _imports_in(node)


def _imports_in(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    if isinstance(node, ast.Import | ast.ImportFrom):
        yield node
    elif isinstance(node, ast.If) and _is_type_checking(node.test):
        for child in node.orelse:
            yield from _imports_in(child)
    else:
        for child in ast.iter_child_nodes(node):
            yield from _imports_in(child)


def edges(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The project modules ``name`` imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in _imports(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                targets.add(alias.name)
            continue
        base = node.module or ""
        if node.level:
            anchor = package.split(".")
            anchor = anchor[: len(anchor) - node.level + 1]
            base = ".".join([*anchor, base] if base else anchor)
        for alias in node.names:
            full = f"{base}.{alias.name}"
            targets.add(full if full in known else base)
    # Importing a.b.c runs a and a.b first; those are edges too (a package's __init__).
    closed: set[str] = set()
    for target in targets:
        parts = target.split(".")
        closed.update(".".join(parts[: i + 1]) for i in range(len(parts)))
    return {t for t in closed if t in known and t != name}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]
    sys.setrecursionlimit(10_000)

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def find_cycles(root: Path = ROOT, packages: tuple[str, ...] = PACKAGES) -> list[list[str]]:
    known = modules(root, packages)
    return cycles({name: edges(name, path, known) for name, path in known.items()})


def main() -> int:
    found = find_cycles()
    for component in found:
        print("import cycle: " + " ↔ ".join(component))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
