"""The layer rules of docs/architecture.md, checked on the real import graph.

The import-linter contracts live in pyproject.toml ([tool.importlinter]): the
core imports nothing of the shell; screens and commands never import the store
(only `flux_tui.training`); the remote uses the store's outbox only; and the
layers. "No cycles" is checked here on grimp's graph (import-linter's own
library), with imports made only for type checkers left out, as they never run.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--config", str(cwd / "pyproject.toml"), "--no-cache"], cwd=cwd,
                          capture_output=True, text=True, timeout=120, env={"PYTHONPATH": str(cwd), "PATH": ""})


def test_the_contracts_hold():
    run = _lint(ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "4 kept, 0 broken" in run.stdout, run.stdout


def test_a_screen_that_imports_the_store_breaks_a_contract(tmp_path):
    """The contracts can fail: a copy of the package whose Today screen imports the store."""
    shutil.copytree(ROOT / "flux_tui", tmp_path / "flux_tui", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    today = tmp_path / "flux_tui" / "ui" / "screens" / "today.py"
    today.write_text(today.read_text() + "\nfrom flux_tui.store.sessions import Sessions  # noqa\n")
    run = _lint(tmp_path)
    assert run.returncode == 1
    assert "Screens and commands reach data only through Training: never the store BROKEN" in run.stdout
    assert "flux_tui.ui.screens.today -> flux_tui.store.sessions" in run.stdout


def cycles(graph: grimp.ImportGraph, package: str = "flux_tui") -> list[list[str]]:
    """Every group of modules that import each other in a ring (strongly connected, more than one)."""
    modules = sorted(m for m in graph.modules if m == package or m.startswith(package + "."))
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's algorithm
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if not imported.startswith(package):
                continue
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 5000))
    for module in modules:
        if module not in index:
            visit(module)
    return found


def test_no_cycles_among_modules():
    graph = grimp.build_graph("flux_tui", exclude_type_checking_imports=True)
    assert cycles(graph) == []


def test_the_cycle_check_finds_a_ring():
    graph = grimp.ImportGraph()
    for name in ("p", "p.a", "p.b", "p.c"):
        graph.add_module(name)
    graph.add_import(importer="p.a", imported="p.b")
    graph.add_import(importer="p.b", imported="p.c")
    graph.add_import(importer="p.c", imported="p.a")
    assert cycles(graph, "p") == [["p.a", "p.b", "p.c"]]
