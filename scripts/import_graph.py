"""Measure the apps' import graph (issue 17.1): the apps in one cycle, the imports made inside
functions, and the imports between apps that run against the layers in .importlinter.

    PYTHONPATH=src .venv/bin/python scripts/import_graph.py [--edges]

Tests, migrations and type-only imports are left out: the layers are about the code that runs.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent / "src" / "safehold"
SKIP = ("tests", "migrations")


def _skipped(module: str) -> bool:
    return any(part in SKIP for part in module.split("."))


def _app(module: str) -> str | None:
    """The unit of the layers: an app, but web's modules each (web is three floors in .importlinter)."""
    parts = module.split(".")
    if len(parts) > 2 and parts[1] == "web":
        return "web." + parts[2]
    return parts[1] if len(parts) > 1 else None


def function_imports() -> list[tuple[str, int, str]]:
    """Every `import` made inside a function (not at module level), as (file, line, target)."""
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT.parent)
        if any(part in SKIP for part in rel.parts):
            continue
        tree = ast.parse(path.read_text(), str(path))

        def walk(node, inside):
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                    walk(child, True)
                elif isinstance(child, (ast.Import, ast.ImportFrom)):
                    if inside:
                        target = (
                            child.module if isinstance(child, ast.ImportFrom) else child.names[0].name
                        ) or "."
                        found.append((str(rel), child.lineno, target))
                else:
                    walk(child, inside)

        walk(tree, False)
    return found


def app_graph() -> dict[str, set[str]]:
    graph = grimp.build_graph("safehold", cache_dir=None, exclude_type_checking_imports=True)
    edges: dict[str, set[str]] = defaultdict(set)
    for importer in graph.modules:
        if _skipped(importer):
            continue
        for imported in graph.find_modules_directly_imported_by(importer):
            a, b = _app(importer), _app(imported)
            if a and b and a != b and not _skipped(imported):
                edges[a].add(b)
    return edges


def strongly_connected(edges: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm: the sets of apps that all reach each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[set[str]] = []
    nodes = set(edges) | {b for bs in edges.values() for b in bs}
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on.discard(w)
                comp.add(w)
                if w == v:
                    break
            out.append(comp)

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def main() -> None:
    edges = app_graph()
    apps = sorted(set(edges) | {b for bs in edges.values() for b in bs})
    cycles = [c for c in strongly_connected(edges) if len(c) > 1]
    inside = function_imports()
    print(f"apps: {len(apps)}")
    for c in cycles:
        print(f"apps in one cycle: {len(c)}: {', '.join(sorted(c))}")
    print(f"outside any cycle: {', '.join(a for a in apps if not any(a in c for c in cycles))}")
    print(f"imports inside functions: {len(inside)}")
    print(f"  of which from another app: {sum(1 for f, _, t in inside if t.startswith('safehold.') and t.split('.')[1] != f.split('/')[1])}")
    if "--edges" in sys.argv:
        for a in sorted(edges):
            print(f"{a} -> {', '.join(sorted(edges[a]))}")
    if "--inside" in sys.argv:
        for f, line, t in inside:
            print(f"{f}:{line} {t}")


if __name__ == "__main__":
    main()
