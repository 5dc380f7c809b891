"""The layout's rules (docs/architecture.md): no import circles, gui rooms import only downwards,
the measuring tools are not imported by the app, and the roots stay small.

Every import counts: module level, inside functions, and under `if TYPE_CHECKING:`.
"""

from __future__ import annotations

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGES = ("core", "gui")

# gui room -> the gui rooms it may import (besides itself); None: any
GUI_ROOMS: dict[str, set[str] | None] = {
    "common": set(),
    "editor": {"common"},
    "panels": {"common"},
    "files": {"common"},
    "analysis": {"common"},
    "shell": {"common", "editor", "panels", "files", "analysis"},
    "measure": None,
}


def module_files(root: pathlib.Path = ROOT) -> dict[str, pathlib.Path]:
    """Dotted module name -> file, for every module of the project's packages."""
    out = {}
    for pkg in PACKAGES:
        for path in (root / pkg).rglob("*.py"):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


def _resolve(name: str, modules: dict[str, pathlib.Path]) -> str | None:
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str, path: pathlib.Path, modules: dict[str, pathlib.Path]) -> set[str]:
    """The project modules `module` imports, anywhere in its source."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {_resolve(a.name, modules) for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in modules else _resolve(base, modules))
    return {m for m in found if m and m != module}


def import_graph(root: pathlib.Path = ROOT) -> dict[str, set[str]]:
    modules = module_files(root)
    return {m: imports_of(m, p, modules) for m, p in modules.items()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of two or more modules (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def room(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "gui" and len(parts) > 2 else None


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph()


def test_no_import_circle(graph):
    assert circles(graph) == []


def test_circle_finder_sees_a_circle_through_a_type_checking_import(tmp_path):
    (tmp_path / "core").mkdir()
    (tmp_path / "gui").mkdir()
    (tmp_path / "core" / "a.py").write_text("from core.b import x\n")
    (tmp_path / "core" / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from core import a\n")
    (tmp_path / "core" / "c.py").write_text("def f():\n    from . import a\n")
    assert circles(import_graph(tmp_path)) == [["core.a", "core.b"]]


def test_gui_rooms_import_only_downwards(graph):
    wrong = []
    for module, deps in graph.items():
        allowed = GUI_ROOMS.get(room(module) or "")
        if allowed is None:
            continue
        for dep in deps:
            other = room(dep)
            if dep.startswith("gui.") and (other is None or other != room(module)) \
                    and other not in allowed:
                wrong.append(f"{module} -> {dep}")
    assert wrong == []


ENTRY_POINTS = {"gui.launcher", "core.cli"}  # the command line dispatches to the tools


def test_the_app_never_imports_the_measuring_tools(graph):
    tools = ("gui.measure", "core.bench")
    users = {f"{m} -> {d}" for m, deps in graph.items() for d in deps
             if d.startswith(tools) and not m.startswith(tools) and m not in ENTRY_POINTS}
    assert users == set()


def test_core_never_imports_gui(graph):
    assert {m for m, deps in graph.items()
            if m.startswith("core") and any(d.startswith("gui") for d in deps)} == set()


def test_roots_stay_small():
    core_root = sorted(p.name for p in (ROOT / "core").glob("*.py"))
    gui_root = sorted(p.name for p in (ROOT / "gui").glob("*.py"))
    assert len(core_root) <= 16, core_root
    assert not [n for n in core_root if n.startswith("bench")]
    assert len(gui_root) <= 6, gui_root


def test_every_gui_room_says_what_lives_there():
    for name in GUI_ROOMS:
        doc = ast.get_docstring(ast.parse((ROOT / "gui" / name / "__init__.py").read_text()))
        assert doc and len(doc) > 80, name
